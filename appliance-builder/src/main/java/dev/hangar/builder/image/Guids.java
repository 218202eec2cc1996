package dev.hangar.builder.image;

import java.util.Arrays;
import java.util.HexFormat;

/** Converts Microsoft mixed-endian GUIDs (used by GPT and VHDX) between bytes and text. */
final class Guids {
  private Guids() {}

  /** Formats the 16 bytes at {@code off} as an upper-case GUID string. */
  static String format(byte[] b, int off) {
    byte[] be = Arrays.copyOfRange(b, off, off + 16);
    swap(be, 0, 3);
    swap(be, 1, 2);
    swap(be, 4, 5);
    swap(be, 6, 7);
    String hex = HexFormat.of().withUpperCase().formatHex(be);
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20);
  }

  /** Returns whether the 16 bytes at {@code off} are all zero (an unused GPT entry). */
  static boolean isZero(byte[] b, int off) {
    for (int i = off; i < off + 16; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static void swap(byte[] b, int i, int j) {
    byte t = b[i];
    b[i] = b[j];
    b[j] = t;
  }
}
