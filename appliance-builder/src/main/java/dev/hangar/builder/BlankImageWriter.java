package dev.hangar.builder;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Writes partition images that need no file system tool: zero-filled raw and swap areas. */
final class BlankImageWriter {
  private static final int PAGE = 4096;

  private BlankImageWriter() {}

  /** Writes {@code sizeBytes} of zeroes (as a sparse file where the host allows it). */
  static void raw(Path image, long sizeBytes) {
    try {
      Files.deleteIfExists(image);
      try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
        file.setLength(sizeBytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + image, e);
    }
  }

  /**
   * Writes a Linux swap area (the version-1 header {@code mkswap} writes, for 4 KiB pages) with the
   * given label and UUID, so the guest can {@code swapon} it without formatting.
   */
  static void swap(Path image, long sizeBytes, String label, UUID uuid) {
    long pages = sizeBytes / PAGE;
    if (pages < 10) {
      throw new BuildException("swap partition " + label + " must be at least 40 KiB");
    }
    ByteBuffer header = ByteBuffer.allocate(PAGE).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(1024, 1); // version
    header.putInt(1028, (int) (pages - 1)); // last usable page
    header.putInt(1032, 0); // no bad pages
    header.order(ByteOrder.BIG_ENDIAN);
    header.putLong(1036, uuid.getMostSignificantBits());
    header.putLong(1044, uuid.getLeastSignificantBits());
    byte[] name = label.getBytes(StandardCharsets.UTF_8);
    header.put(1052, name, 0, Math.min(name.length, 16));
    byte[] magic = "SWAPSPACE2".getBytes(StandardCharsets.US_ASCII);
    header.put(PAGE - magic.length, magic);
    raw(image, sizeBytes);
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.write(header.array());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write swap header to " + image, e);
    }
  }
}
