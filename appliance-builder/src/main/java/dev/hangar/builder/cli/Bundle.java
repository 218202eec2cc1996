package dev.hangar.builder.cli;

import dev.hangar.store.Digest;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.ContentMismatchException;
import dev.hangar.store.trust.EndlessDataException;
import dev.hangar.store.trust.LimitedVerifyingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The layout of a downloaded appliance bundle (FORMAT.md, "Bundles"): {@code manifest.json} (the
 * canonical manifest bytes), {@code signatures/*.json} and {@code attestations/*.json} (DSSE
 * envelopes) and {@code blobs/sha256-<hex>} (every file the manifest lists, named by digest). Only
 * the manifest, the envelopes and the blobs are read by verification; {@code bundle.json} is a note
 * for people.
 */
final class Bundle {
  static final String MANIFEST = "manifest.json";
  static final String SIGNATURES = "signatures";
  static final String ATTESTATIONS = "attestations";
  static final String BLOBS = "blobs";
  static final String NOTE = "bundle.json";

  private Bundle() {}

  /** Returns the file holding {@code digest} in bundle {@code dir}. */
  static Path blob(Path dir, Digest digest) {
    return dir.resolve(BLOBS).resolve("sha256-" + digest.hex());
  }

  /** Returns every artifact the manifest lists (kernel, initrd, partitions) with its size. */
  static Map<Digest, Long> artifacts(ApplianceManifest m) {
    Map<Digest, Long> out = new LinkedHashMap<>();
    out.put(m.boot().kernel().digest(), m.boot().kernel().size());
    out.put(m.boot().initrd().digest(), m.boot().initrd().size());
    for (ApplianceManifest.Partition p : m.partitions()) {
      out.put(p.digest(), p.size());
    }
    return out;
  }

  /**
   * Re-hashes the blob of {@code digest}: empty if it exists with exactly {@code size} bytes that
   * hash to {@code digest}, else why not. Reads at most one byte beyond {@code size}.
   */
  static Optional<String> check(Path dir, Digest digest, long size) {
    Path file = blob(dir, digest);
    if (!Files.isRegularFile(file)) {
      return Optional.of("missing " + dir.relativize(file));
    }
    try (InputStream in =
        new LimitedVerifyingInputStream(Files.newInputStream(file), digest, size, true)) {
      in.transferTo(OutputStream.nullOutputStream());
      return Optional.empty();
    } catch (EndlessDataException | ContentMismatchException e) {
      return Optional.of(dir.relativize(file) + ": " + e.getMessage());
    } catch (IOException e) {
      return Optional.of("cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Downloads {@code digest} into the bundle unless it is already there and verifies: streamed
   * through a size limit and a hash check into {@code blobs/sha256-<hex>.part}, renamed into place
   * only when complete and correct. A {@code .part} left by an interrupted pull is continued with a
   * {@code Range} request when the server honours it (its bytes are hashed again, not trusted),
   * else replaced. Returns the bytes transferred.
   */
  static long download(ApiClient api, Path dir, Digest digest, long size, ProgressBar bar)
      throws IOException {
    Path target = blob(dir, digest);
    if (check(dir, digest, size).isEmpty()) {
      bar.advance(size);
      return 0;
    }
    Files.createDirectories(target.getParent());
    Path part = target.resolveSibling(target.getFileName() + ".part");
    long have = Files.isRegularFile(part) ? Files.size(part) : 0;
    if (have >= size) {
      Files.deleteIfExists(part);
      have = 0;
    }
    ApiClient.Download download = api.open("blobs/" + digest, have);
    long prefix = download.partial() ? have : 0;
    InputStream source =
        prefix > 0
            ? new SequenceInputStream(
                new Prefix(Files.newInputStream(part), prefix), download.body())
            : download.body();
    long copied = 0;
    try (InputStream in = new LimitedVerifyingInputStream(source, digest, size, true);
        OutputStream out =
            prefix > 0
                ? Files.newOutputStream(part, StandardOpenOption.APPEND)
                : Files.newOutputStream(part)) {
      byte[] buffer = new byte[1 << 16];
      long skip = prefix;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        int kept = (int) Math.min(n, skip);
        skip -= kept;
        out.write(buffer, kept, n - kept);
        copied += n - kept;
        bar.advance(n);
      }
    } catch (EndlessDataException | ContentMismatchException e) {
      Files.deleteIfExists(part);
      throw new CliException(
          ExitCodes.VERIFICATION_FAILED, "download of " + digest + " refused: " + e.getMessage());
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return copied;
  }

  /** The first {@code remaining} bytes of a file being appended to, and not one byte more. */
  private static final class Prefix extends FilterInputStream {
    private long remaining;

    Prefix(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      } else if (n < 0) {
        throw new ContentMismatchException("the partial download shrank while resuming it");
      }
      return n;
    }
  }

  /** Returns the files of a bundle subdirectory, sorted by name; none if it does not exist. */
  static List<Path> envelopes(Path dir, String sub) throws IOException {
    Path d = dir.resolve(sub);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (var files = Files.list(d)) {
      return new ArrayList<>(files.filter(p -> p.toString().endsWith(".json")).sorted().toList());
    }
  }
}
