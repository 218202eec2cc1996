package dev.hangar.builder.image;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Builds test images with the real host tools (qemu-img, sgdisk, sfdisk, mke2fs, tar); public so
 * the marketplace's import tests build theirs the same way.
 */
public final class TestImages {
  private TestImages() {}

  /** Runs a command in {@code dir}, failing the test with its output if it exits non-zero. */
  public static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  /** Runs a command feeding {@code stdin} to it. */
  public static void runWithInput(Path dir, String stdin, String... command)
      throws IOException, InterruptedException {
    Path in = Files.writeString(dir.resolve("stdin.txt"), stdin);
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(in.toFile())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  /** Overwrites bytes of {@code file} at {@code offset}. */
  public static void patch(Path file, long offset, byte[] bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      f.write(bytes);
    }
  }

  /** Copies the whole of {@code part} into {@code disk} at {@code offset}. */
  public static void writeAt(Path disk, long offset, Path part) throws IOException {
    patch(disk, offset, Files.readAllBytes(part));
  }

  /** Writes {@code size} bytes of seeded pseudo-random data to a new file. */
  public static Path randomRaw(Path file, int size, long seed) throws IOException {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return Files.write(file, data);
  }

  /** Writes a sparse file of {@code size} zero bytes. */
  public static Path zeros(Path file, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    return file;
  }
}
