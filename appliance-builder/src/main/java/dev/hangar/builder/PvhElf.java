package dev.hangar.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the PVH entry point of an ELF kernel: the {@code XEN_ELFNOTE_PHYS32_ENTRY} note (type 18,
 * owner {@code Xen}) in a {@code PT_NOTE} segment, which Linux has with {@code CONFIG_PVH}. QEMU's
 * {@code -kernel} boots an uncompressed ELF only through that note, so a vmlinux without it would
 * not start.
 */
final class PvhElf {
  /** The Xen ELF note type holding the 32-bit physical entry point. */
  static final int XEN_ELFNOTE_PHYS32_ENTRY = 18;

  private static final int ELF_HEADER = 64;
  private static final int PT_NOTE = 4;
  private static final int ET_EXEC = 2;
  private static final int EM_X86_64 = 62;
  private static final int MAX_NOTES = 1 << 20;
  private static final byte[] XEN = "Xen\0".getBytes(StandardCharsets.US_ASCII);

  private PvhElf() {}

  /**
   * Returns the PVH entry point of {@code elf}; throws {@link BuildException} if it is not a
   * little-endian ELF64 x86-64 executable or none of its note segments holds that note.
   */
  static long entryPoint(Path elf) {
    try (FileChannel file = FileChannel.open(elf, StandardOpenOption.READ)) {
      ByteBuffer h = read(file, 0, ELF_HEADER);
      if (h.limit() < ELF_HEADER
          || h.getInt(0) != 0x464C457F // 0x7F "ELF", read little-endian
          || h.get(4) != 2 // ELFCLASS64
          || h.get(5) != 1 // ELFDATA2LSB
          || h.getShort(16) != ET_EXEC
          || h.getShort(18) != EM_X86_64) {
        throw new BuildException(elf + " is not an x86-64 ELF executable");
      }
      long phoff = h.getLong(32);
      int phentsize = Short.toUnsignedInt(h.getShort(54));
      int phnum = Short.toUnsignedInt(h.getShort(56));
      for (int i = 0; i < phnum; i++) {
        ByteBuffer ph = read(file, phoff + (long) i * phentsize, 56);
        if (ph.limit() < 56 || ph.getInt(0) != PT_NOTE) {
          continue;
        }
        long offset = ph.getLong(8);
        long size = ph.getLong(32);
        if (size <= 0 || size > MAX_NOTES || offset + size > file.size()) {
          throw new BuildException(elf + ": note segment " + i + " lies outside the file");
        }
        Long entry = phys32Entry(read(file, offset, (int) size));
        if (entry != null) {
          return entry;
        }
      }
      throw new BuildException(
          elf
              + " has no PVH entry point (ELF note Xen/XEN_ELFNOTE_PHYS32_ENTRY): the kernel was"
              + " built without CONFIG_PVH; use kernelFormat: bzimage");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + elf, e);
    }
  }

  /** The entry of a PHYS32_ENTRY note among {@code notes} (4 or 8 bytes), or null. */
  private static Long phys32Entry(ByteBuffer notes) {
    while (notes.remaining() >= 12) {
      int namesz = notes.getInt();
      int descsz = notes.getInt();
      int type = notes.getInt();
      if (namesz < 0 || descsz < 0 || namesz > notes.remaining() || descsz > notes.remaining()) {
        return null; // a malformed note ends the walk of this segment
      }
      int name = notes.position();
      int desc = name + align4(namesz);
      int next = desc + align4(descsz);
      if (next > notes.limit()) {
        return null;
      }
      if (type == XEN_ELFNOTE_PHYS32_ENTRY
          && namesz == XEN.length
          && notes.slice(name, namesz).equals(ByteBuffer.wrap(XEN))) {
        if (descsz == 4) {
          return Integer.toUnsignedLong(notes.getInt(desc));
        }
        if (descsz == 8) {
          return notes.getLong(desc);
        }
      }
      notes.position(next);
    }
    return null;
  }

  private static int align4(int n) {
    return (n + 3) & ~3;
  }

  private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (file.read(buffer, position + buffer.position()) < 0) {
        break;
      }
    }
    return buffer.flip();
  }
}
