package dev.hangar.builder;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.SingleXZInputStream;

/**
 * An x86 Linux boot image (bzImage, the kernel's {@code Documentation/arch/x86/boot.rst}): a
 * real-mode setup followed by protected-mode code that decompresses its <em>payload</em>, the ELF
 * {@code vmlinux}. {@link #extractVmlinux} writes that ELF so it can be booted directly.
 *
 * <p>The setup header gives {@code setup_sects} (byte 0x1F1; 0 means 4), the magic {@code HdrS}
 * (0x202), the boot protocol version (0x206, at least 2.08 for the next two fields) and the payload
 * as {@code payload_offset} (0x248, counted from the protected-mode code at {@code (setup_sects +
 * 1) * 512}) and {@code payload_length} (0x24C). The payload's compression is told by its magic;
 * its last four bytes are the uncompressed size, little-endian (the kernel build appends them; for
 * gzip they are the stream's own {@code ISIZE}).
 */
final class BzImage {
  private static final int SETUP_SECTS = 0x1F1;
  private static final int BOOT_FLAG = 0x1FE;
  private static final int HEADER_MAGIC = 0x202;
  private static final int PROTOCOL = 0x206;
  private static final int PAYLOAD_OFFSET = 0x248;
  private static final int PAYLOAD_LENGTH = 0x24C;
  private static final int HEADER_END = 0x250;
  private static final int MIN_PROTOCOL = 0x0208;
  private static final int SECTOR = 512;
  private static final int SIZE_TRAILER = 4;
  // A kernel's vmlinux is tens of MiB; a bigger claim is a broken or hostile image.
  private static final long MAX_VMLINUX = 1L << 30;

  private BzImage() {}

  /** How the payload is compressed, told by its first bytes. */
  enum Compression {
    /** XZ (Debian's kernels: {@code --check=crc32 --x86 --lzma2}); one stream. */
    XZ(new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0}),
    /** gzip; one member. */
    GZIP(new byte[] {0x1F, (byte) 0x8B}),
    /** Zstandard; one frame. */
    ZSTD(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD});

    private final byte[] magic;

    Compression(byte[] magic) {
      this.magic = magic;
    }

    static Compression of(byte[] head) {
      for (Compression c : values()) {
        if (head.length >= c.magic.length
            && Arrays.equals(head, 0, c.magic.length, c.magic, 0, c.magic.length)) {
          return c;
        }
      }
      return null;
    }

    /** Bytes of the payload the decoder reads: gzip's size field ends its own stream. */
    long streamLength(long payloadLength) {
      return this == GZIP ? payloadLength : payloadLength - SIZE_TRAILER;
    }

    InputStream decoder(InputStream compressed) throws IOException {
      return switch (this) {
        case XZ -> new SingleXZInputStream(compressed);
        case GZIP -> new GZIPInputStream(compressed, 1 << 16);
        case ZSTD -> new ZstdInputStreamNoFinalizer(compressed);
      };
    }
  }

  /** Where the compressed vmlinux lies in a bzImage. */
  record Payload(Compression compression, long offset, long length, long uncompressedSize) {}

  /**
   * Reads the setup header of {@code bzImage} and returns its payload; throws {@link
   * BuildException} if the file is not a bzImage of protocol 2.08 or later, the payload lies
   * outside it, or its compression is none of {@link Compression}.
   */
  static Payload payload(Path bzImage) {
    try (FileChannel file = FileChannel.open(bzImage, StandardOpenOption.READ)) {
      ByteBuffer header = read(file, 0, HEADER_END).order(ByteOrder.LITTLE_ENDIAN);
      if (header.limit() < HEADER_END
          || header.getShort(BOOT_FLAG) != (short) 0xAA55
          || header.getInt(HEADER_MAGIC) != 0x53726448) { // "HdrS"
        throw new BuildException(bzImage + " is not an x86 bzImage (no HdrS setup header)");
      }
      int protocol = Short.toUnsignedInt(header.getShort(PROTOCOL));
      if (protocol < MIN_PROTOCOL) {
        throw new BuildException(
            String.format(
                "%s: boot protocol %d.%02d names no payload (2.08 or later needed)",
                bzImage, protocol >> 8, protocol & 0xFF));
      }
      int setupSects = Byte.toUnsignedInt(header.get(SETUP_SECTS));
      long offset =
          (long) ((setupSects == 0 ? 4 : setupSects) + 1) * SECTOR
              + Integer.toUnsignedLong(header.getInt(PAYLOAD_OFFSET));
      long length = Integer.toUnsignedLong(header.getInt(PAYLOAD_LENGTH));
      if (length <= SIZE_TRAILER || length > MAX_VMLINUX || offset + length > file.size()) {
        throw new BuildException(
            String.format(
                "%s: payload of %d bytes at %d lies outside the %d-byte file",
                bzImage, length, offset, file.size()));
      }
      byte[] head = new byte[8];
      read(file, offset, head.length).get(head);
      Compression compression = Compression.of(head);
      if (compression == null) {
        throw new BuildException(
            bzImage
                + ": payload compression not supported (only xz, gzip, zstd); it starts with "
                + HexFormat.ofDelimiter(" ").formatHex(head));
      }
      long size =
          Integer.toUnsignedLong(
              read(file, offset + length - SIZE_TRAILER, SIZE_TRAILER)
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .getInt(0));
      return new Payload(compression, offset, length, size);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + bzImage, e);
    }
  }

  /**
   * Decompresses the vmlinux of {@code bzImage} into {@code out} (replaced; nothing is left there
   * on failure) and returns its PVH entry point; throws {@link BuildException} if the payload does
   * not decompress to exactly the size it declares, fails its check, or is not an x86-64 ELF
   * executable with a PVH entry point ({@link PvhElf}).
   */
  static long extractVmlinux(Path bzImage, Path out) {
    Payload payload = payload(bzImage);
    if (payload.uncompressedSize() > MAX_VMLINUX) {
      throw new BuildException(
          bzImage + ": payload claims " + payload.uncompressedSize() + " bytes uncompressed");
    }
    Path part = out.resolveSibling(out.getFileName() + ".part");
    try {
      byte[] compressed = new byte[(int) payload.compression().streamLength(payload.length())];
      try (FileChannel file = FileChannel.open(bzImage, StandardOpenOption.READ)) {
        read(file, payload.offset(), compressed.length).get(compressed);
      }
      long written;
      try (InputStream decoder =
              payload.compression().decoder(new ByteArrayInputStream(compressed));
          OutputStream sink = Files.newOutputStream(part)) {
        written = copyAtMost(decoder, sink, payload.uncompressedSize());
      } catch (IOException e) {
        throw new BuildException(
            bzImage + ": " + payload.compression() + " payload does not decompress: " + e, e);
      }
      if (written != payload.uncompressedSize()) {
        throw new BuildException(
            String.format(
                "%s: payload decompressed to %s bytes, its size field says %d",
                bzImage,
                written > payload.uncompressedSize() ? "more than " + written : written,
                payload.uncompressedSize()));
      }
      long entry = PvhElf.entryPoint(part);
      Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
      return entry;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException e) {
        // Best effort: the failure being reported matters more than a stray .part file.
      }
    }
  }

  /** Copies until the decoder ends; stops one byte past {@code limit} so a bomb ends early. */
  private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    int n;
    while (total <= limit && (n = in.read(buffer)) != -1) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (file.read(buffer, position + buffer.position()) < 0) {
        break;
      }
    }
    return buffer.flip();
  }
}
