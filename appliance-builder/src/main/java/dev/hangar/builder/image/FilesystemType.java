package dev.hangar.builder.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A file system recognised by its superblock magic at the start of a partition or disk. */
public enum FilesystemType {
  EXT2,
  EXT3,
  EXT4,
  SWAP,
  VFAT,
  XFS,
  ISO9660,
  UNKNOWN;

  private static final int EXT_MAGIC = 0xef53;
  private static final int EXT_COMPAT_HAS_JOURNAL = 0x4;
  // extents, 64bit, flex_bg: features only ext4 uses.
  private static final int EXT4_INCOMPAT = 0x40 | 0x80 | 0x200;

  /** Returns the file system whose superblock starts the given byte range, or UNKNOWN. */
  static FilesystemType probe(ImageSource src) throws IOException {
    ByteBuffer ext = src.readFully(1024, 104, ByteOrder.LITTLE_ENDIAN);
    if (ext != null && Short.toUnsignedInt(ext.getShort(56)) == EXT_MAGIC) {
      if ((ext.getInt(96) & EXT4_INCOMPAT) != 0) {
        return EXT4;
      }
      return (ext.getInt(92) & EXT_COMPAT_HAS_JOURNAL) != 0 ? EXT3 : EXT2;
    }
    if (src.matches(0, ascii("XFSB"))) {
      return XFS;
    }
    for (int page : new int[] {4096, 8192, 16384, 65536}) {
      if (src.matches(page - 10, ascii("SWAPSPACE2"))) {
        return SWAP;
      }
    }
    if (isFatBootSector(src)) {
      return VFAT;
    }
    if (src.matches(IsoProbe.DESCRIPTOR + 1, IsoProbe.STANDARD_ID)) {
      return ISO9660;
    }
    return UNKNOWN;
  }

  /** Returns whether sector 0 is a FAT volume boot record rather than a partition table. */
  static boolean isFatBootSector(ImageSource src) throws IOException {
    return src.matches(510, new byte[] {0x55, (byte) 0xaa})
        && (src.matches(54, ascii("FAT1")) || src.matches(82, ascii("FAT32")));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
