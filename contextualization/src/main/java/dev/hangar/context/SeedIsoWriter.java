package dev.hangar.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Packs a {@link NoCloudSeed} into an ISO 9660 image labelled {@code CIDATA}, with Rock Ridge and
 * Joliet names, using {@code xorriso} (its {@code mkisofs} emulation).
 *
 * <p>The image is reproducible: timestamps come from {@code SOURCE_DATE_EPOCH}-style fixed values
 * so equal seeds give equal bytes.
 */
public final class SeedIsoWriter {
  /** The volume label cloud-init's NoCloud datasource looks for. */
  public static final String VOLUME_LABEL = "CIDATA";

  private static final long TIMEOUT_SECONDS = 60;
  private final String xorriso;

  /** Uses {@code xorriso} from the {@code PATH}. */
  public SeedIsoWriter() {
    this("xorriso");
  }

  public SeedIsoWriter(String xorrisoExecutable) {
    this.xorriso = xorrisoExecutable;
  }

  /**
   * Returns the bytes of the seed ISO.
   *
   * @throws SeedIsoException if xorriso is missing or fails; its output is included
   */
  public byte[] write(NoCloudSeed seed) {
    Path work = null;
    try {
      work = Files.createTempDirectory("hangar-seed-");
      Path tree = Files.createDirectory(work.resolve("cidata"));
      Files.writeString(tree.resolve("meta-data"), seed.metaData(), StandardCharsets.UTF_8);
      Files.writeString(tree.resolve("user-data"), seed.userData(), StandardCharsets.UTF_8);
      if (seed.networkConfig().isPresent()) {
        Files.writeString(
            tree.resolve("network-config"), seed.networkConfig().get(), StandardCharsets.UTF_8);
      }
      Path iso = work.resolve("seed.iso");
      Path log = work.resolve("xorriso.log");
      List<String> command =
          List.of(
              xorriso,
              "-as",
              "mkisofs",
              "-quiet",
              "-volid",
              VOLUME_LABEL,
              "-joliet",
              "-rock",
              "--set_all_file_dates",
              "2000010100000000",
              "--modification-date=2000010100000000",
              "-o",
              iso.toString(),
              tree.toString());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new SeedIsoException("xorriso did not finish within " + TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new SeedIsoException(
            "xorriso failed with exit code " + process.exitValue() + ": " + Files.readString(log));
      }
      return Files.readAllBytes(iso);
    } catch (IOException e) {
      throw new SeedIsoException(
          "cannot run " + xorriso + " to pack the seed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SeedIsoException("interrupted while packing the seed", e);
    } finally {
      deleteQuietly(work);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + dir, e);
    }
  }
}
