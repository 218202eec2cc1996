package dev.hangar.marketplace.imports;

import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.problem.Problem;
import dev.hangar.marketplace.progress.ProgressHub;
import dev.hangar.store.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The body of an import request, spooled to its own scratch directory with its SHA-256 (which an
 * {@code Idempotency-Key} compares), and the progress operation that reports on it. Closing it
 * removes the directory and ends the operation as failed unless it already ended.
 */
public final class ImageUpload implements AutoCloseable {
  private static final int BUFFER = 1 << 20;
  private static final long REPORT_EVERY = 16L << 20;

  private final UUID versionId;
  private final Path work;
  private final ProgressHub.Operation op;
  private long size;
  private String sha256;

  private ImageUpload(UUID versionId, Path work, ProgressHub.Operation op) {
    this.versionId = versionId;
    this.work = work;
    this.op = op;
  }

  /**
   * Spools {@code body} into a new directory under {@code workRoot}; 400 if it is empty or cut off,
   * 413 if it exceeds {@code maxBytes}. Nothing is left behind when it throws.
   */
  static ImageUpload receive(
      UUID versionId, InputStream body, Path workRoot, long maxBytes, ProgressHub.Operation op) {
    ImageUpload upload;
    try {
      Files.createDirectories(workRoot);
      upload = new ImageUpload(versionId, Files.createTempDirectory(workRoot, "import-"), op);
    } catch (IOException e) {
      op.failed("the import failed on the server");
      throw new UncheckedIOException("cannot create import scratch space in " + workRoot, e);
    }
    try {
      upload.spool(body, maxBytes);
      return upload;
    } catch (ApiException e) {
      op.failed(e.getMessage());
      upload.close();
      throw e;
    } catch (IOException e) {
      op.failed("the import failed on the server");
      upload.close();
      throw new UncheckedIOException("cannot spool an image upload", e);
    } catch (RuntimeException e) {
      op.failed("the import failed on the server");
      upload.close();
      throw e;
    }
  }

  private void spool(InputStream body, long maxBytes) throws IOException {
    MessageDigest sha = Digest.newSha256();
    byte[] buf = new byte[BUFFER];
    long total = 0;
    long reported = 0;
    try (OutputStream out = Files.newOutputStream(file())) {
      while (true) {
        int n;
        try {
          n = body.read(buf);
        } catch (IOException e) {
          throw new ApiException(
              400, "Upload incomplete", "the image upload was cut off: " + e.getMessage());
        }
        if (n < 0) {
          break;
        }
        total += n;
        if (total > maxBytes) {
          throw new ApiException(
              413,
              "Payload Too Large",
              "body: images are at most " + maxBytes + " bytes",
              List.of(new Problem.FieldError("body", "larger than " + maxBytes)));
        }
        out.write(buf, 0, n);
        sha.update(buf, 0, n);
        if (total - reported >= REPORT_EVERY) {
          op.step("receive", total, null, null, null);
          reported = total;
        }
      }
    }
    if (total == 0) {
      throw ApiException.badField("body", "is empty; send the image bytes");
    }
    op.step("receive", total, total, null, "received");
    size = total;
    sha256 = HexFormat.of().formatHex(sha.digest());
  }

  /** The draft version the upload is for. */
  public UUID versionId() {
    return versionId;
  }

  /** The scratch directory: the spooled body and whatever the import derives from it. */
  Path work() {
    return work;
  }

  /** The spooled body. */
  Path file() {
    return work.resolve("upload");
  }

  /** Bytes received. */
  long size() {
    return size;
  }

  /** Lower-case hex SHA-256 of the body. */
  public String sha256() {
    return sha256;
  }

  /** The operation reporting on this import (its first terminal event ends it). */
  public ProgressHub.Operation progress() {
    return op;
  }

  /** Removes the scratch directory; ends the operation as failed if nothing else ended it. */
  @Override
  public void close() {
    op.failed("the import ended without importing");
    try (Stream<Path> walk = Files.walk(work)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the import scratch directory " + work, e);
    }
  }
}
