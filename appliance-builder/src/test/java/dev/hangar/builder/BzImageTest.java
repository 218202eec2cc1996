package dev.hangar.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.X86Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * Extracting the ELF vmlinux from bzImages made here the way the kernel build makes them (setup
 * header, compressed payload, size appended), and from the host's real kernel.
 */
class BzImageTest {
  private static final long ENTRY = 0x1000370L;

  @TempDir Path dir;

  @Test
  void extractsTheElfFromXzGzipAndZstdPayloads() throws IOException {
    byte[] elf = elf(true, 8);
    for (BzImage.Compression c : BzImage.Compression.values()) {
      Path image = write("bzImage-" + c, bzImage(payload(c, elf), 0x020F));
      Path out = dir.resolve("vmlinux-" + c);

      assertEquals(ENTRY, BzImage.extractVmlinux(image, out), c.toString());
      assertArrayEquals(elf, Files.readAllBytes(out), c.toString());
      assertEquals(c, BzImage.payload(image).compression());
    }
  }

  @Test
  void readsAFourByteEntryNote() throws IOException {
    Path image = write("bzImage", bzImage(payload(BzImage.Compression.XZ, elf(true, 4)), 0x020F));
    assertEquals(ENTRY, BzImage.extractVmlinux(image, dir.resolve("vmlinux")));
  }

  @Test
  void rejectsAFileThatIsNoBzImage() throws IOException {
    Path notBz = write("vmlinux", elf(true, 8));
    BuildException e =
        assertThrows(BuildException.class, () -> BzImage.extractVmlinux(notBz, dir.resolve("x")));
    assertTrue(e.getMessage().contains("is not an x86 bzImage"), e.getMessage());
  }

  @Test
  void rejectsABootProtocolWithoutPayloadFields() throws IOException {
    Path image = write("old", bzImage(payload(BzImage.Compression.XZ, elf(true, 8)), 0x0206));
    BuildException e = assertThrows(BuildException.class, () -> BzImage.payload(image));
    assertTrue(e.getMessage().contains("boot protocol 2.06"), e.getMessage());
  }

  @Test
  void rejectsAnUnsupportedCompressionNamingItsFirstBytes() throws IOException {
    byte[] lz4 = {0x02, 0x21, 0x4C, 0x18, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0};
    Path image = write("lz4", bzImage(lz4, 0x020F));
    BuildException e = assertThrows(BuildException.class, () -> BzImage.payload(image));
    assertTrue(e.getMessage().contains("only xz, gzip, zstd"), e.getMessage());
    assertTrue(e.getMessage().contains("02 21 4c 18"), e.getMessage());
  }

  @Test
  void rejectsAPayloadLongerThanItsSizeField() throws IOException {
    byte[] payload = payload(BzImage.Compression.ZSTD, elf(true, 8));
    ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(payload.length - 4, 1000);
    Path image = write("short", bzImage(payload, 0x020F));
    Path out = dir.resolve("vmlinux");

    BuildException e = assertThrows(BuildException.class, () -> BzImage.extractVmlinux(image, out));
    assertTrue(e.getMessage().contains("its size field says 1000"), e.getMessage());
    assertNothingWritten(out);
  }

  @Test
  void rejectsACorruptPayloadAndLeavesNoFile() throws IOException {
    byte[] payload = payload(BzImage.Compression.XZ, elf(true, 8));
    payload[payload.length / 2] ^= 0x55;
    Path image = write("corrupt", bzImage(payload, 0x020F));
    Path out = dir.resolve("vmlinux");

    BuildException e = assertThrows(BuildException.class, () -> BzImage.extractVmlinux(image, out));
    assertTrue(e.getMessage().contains("XZ payload does not decompress"), e.getMessage());
    assertNothingWritten(out);
  }

  @Test
  void rejectsAnElfWithoutPvhEntryPoint() throws IOException {
    Path image = write("nopvh", bzImage(payload(BzImage.Compression.GZIP, elf(false, 8)), 0x020F));
    Path out = dir.resolve("vmlinux");

    BuildException e = assertThrows(BuildException.class, () -> BzImage.extractVmlinux(image, out));
    assertTrue(e.getMessage().contains("has no PVH entry point"), e.getMessage());
    assertNothingWritten(out);
  }

  /** The host kernel's vmlinux, compared with what xz-utils decompresses from the same bytes. */
  @Test
  void hostKernelDecompressesAsXzUtilsDoesAndHasAPvhEntry() throws Exception {
    HostKernel kernel = HostKernel.newest(Path.of("/boot"), Path.of("/lib/modules"));
    BzImage.Payload payload = BzImage.payload(kernel.vmlinuz());
    Path out = dir.resolve("vmlinux");

    long entry = BzImage.extractVmlinux(kernel.vmlinuz(), out);

    byte[] compressed = new byte[(int) payload.length()];
    try (InputStream in = Files.newInputStream(kernel.vmlinuz())) {
      in.skipNBytes(payload.offset());
      in.readNBytes(compressed, 0, compressed.length);
    }
    Path expected = dir.resolve("vmlinux.xz-utils");
    Process xz =
        new ProcessBuilder("xz", "-dc", "--single-stream")
            .redirectOutput(expected.toFile())
            .start();
    try (OutputStream stdin = xz.getOutputStream()) {
      stdin.write(compressed);
    }
    assertTrue(xz.waitFor(60, TimeUnit.SECONDS) && xz.exitValue() == 0, "xz -dc failed");
    assertEquals(BzImage.Compression.XZ, payload.compression());
    assertEquals(payload.uncompressedSize(), Files.size(out));
    assertEquals(Sha256.of(expected), Sha256.of(out));
    assertEquals(entry, PvhElf.entryPoint(out));
    assertTrue(entry >= 0x100000 && entry < 0x100000000L, Long.toHexString(entry));
  }

  private void assertNothingWritten(Path out) {
    assertFalse(Files.exists(out), out + " exists");
    assertFalse(Files.exists(out.resolveSibling(out.getFileName() + ".part")), "a .part is left");
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  /**
   * A minimal ELF64 x86-64 executable: header, one PT_NOTE program header, a GNU note, then (if
   * {@code pvh}) the Xen PHYS32_ENTRY note with a {@code entryBytes}-byte address, then 256 KiB of
   * text-like and zero bytes standing in for the kernel.
   */
  static byte[] elf(boolean pvh, int entryBytes) {
    ByteBuffer notes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    note(notes, "GNU", 3, new byte[20]);
    if (pvh) {
      byte[] desc = new byte[entryBytes];
      ByteBuffer d = ByteBuffer.wrap(desc).order(ByteOrder.LITTLE_ENDIAN);
      if (entryBytes == 4) {
        d.putInt((int) ENTRY);
      } else {
        d.putLong(ENTRY);
      }
      note(notes, "Xen", PvhElf.XEN_ELFNOTE_PHYS32_ENTRY, desc);
    }
    int notesAt = 64 + 56;
    byte[] body = new byte[256 * 1024];
    Random random = new Random(42);
    for (int i = 0; i < body.length / 2; i++) {
      body[i] = (byte) ('a' + random.nextInt(8));
    }
    ByteBuffer elf =
        ByteBuffer.allocate(notesAt + notes.position() + body.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    elf.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1});
    elf.putShort(16, (short) 2).putShort(18, (short) 62).putInt(20, 1).putLong(24, ENTRY);
    elf.putLong(32, 64).putShort(52, (short) 64).putShort(54, (short) 56).putShort(56, (short) 1);
    elf.putInt(64, 4).putLong(64 + 8, notesAt).putLong(64 + 32, notes.position());
    elf.put(notesAt, notes.array(), 0, notes.position());
    elf.put(notesAt + notes.position(), body);
    return elf.array();
  }

  private static void note(ByteBuffer notes, String owner, int type, byte[] desc) {
    byte[] name = (owner + "\0").getBytes(StandardCharsets.US_ASCII);
    notes.putInt(name.length).putInt(desc.length).putInt(type);
    notes.put(name).position((notes.position() + 3) & ~3);
    notes.put(desc).position((notes.position() + 3) & ~3);
  }

  /** {@code elf} compressed as the kernel build does, its size appended (gzip has its own). */
  static byte[] payload(BzImage.Compression c, byte[] elf) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (c) {
      case XZ -> {
        FilterOptions[] filters = {new X86Options(), new LZMA2Options()};
        try (XZOutputStream xz = new XZOutputStream(out, filters, XZ.CHECK_CRC32)) {
          xz.write(elf);
        }
      }
      case GZIP -> {
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
          gz.write(elf);
        }
      }
      case ZSTD -> out.write(Zstd.compress(elf, 19));
    }
    if (c != BzImage.Compression.GZIP) {
      out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(elf.length).array());
    }
    return out.toByteArray();
  }

  /**
   * A bzImage of boot protocol {@code protocol}: two setup sectors (setup_sects 1), then 16 bytes
   * standing in for the decompressor, then {@code payload}.
   */
  static byte[] bzImage(byte[] payload, int protocol) {
    int code = 2 * 512;
    int payloadOffset = 16;
    ByteBuffer b =
        ByteBuffer.allocate(code + payloadOffset + payload.length + 64)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(0x1F1, (byte) 1).putShort(0x1FE, (short) 0xAA55);
    b.put(0x202, "HdrS".getBytes(StandardCharsets.US_ASCII)).putShort(0x206, (short) protocol);
    b.putInt(0x248, payloadOffset).putInt(0x24C, payload.length);
    b.put(code + payloadOffset, payload);
    return b.array();
  }
}
