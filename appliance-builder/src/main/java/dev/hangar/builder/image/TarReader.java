package dev.hangar.builder.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the members of a ustar/GNU tar archive in place (no extraction), verifying each header's
 * checksum; GNU long names and pax path records are honoured, links reported as their type.
 */
final class TarReader {
  static final byte[] USTAR = "ustar".getBytes(StandardCharsets.US_ASCII);
  private static final int BLOCK = 512;
  private static final int MAX_MEMBERS = 4096;

  /** One archive member: its name, tar type flag and where its data lies in the archive. */
  record Member(String name, char type, long dataOffset, long size) {
    boolean isRegularFile() {
      return type == '0' || type == '\0' || type == '7';
    }
  }

  private TarReader() {}

  static boolean isTar(ImageSource src) throws IOException {
    return src.matches(257, USTAR);
  }

  /** Returns the archive's members; a malformed archive yields a problem and the members so far. */
  static List<Member> members(ImageSource src, List<String> problems) throws IOException {
    List<Member> out = new ArrayList<>();
    long pos = 0;
    String pendingName = null;
    while (pos + BLOCK <= src.size()) {
      byte[] h = src.read(pos, BLOCK);
      if (isZero(h)) {
        return out;
      }
      if (out.size() >= MAX_MEMBERS) {
        problems.add("tar: more than " + MAX_MEMBERS + " members");
        return out;
      }
      if (!checksumOk(h)) {
        problems.add("tar.header[" + pos + "]: checksum mismatch");
        return out;
      }
      long size = number(h, 124, 12);
      char type = (char) (h[156] & 0xff);
      long data = pos + BLOCK;
      if (size < 0 || size > src.size() - data) {
        problems.add("tar.header[" + pos + "]: member size " + size + " exceeds the archive");
        return out;
      }
      if (type == 'L' || type == 'x') {
        String text = cString(src.read(data, (int) Math.min(size, 1 << 16)));
        pendingName = type == 'L' ? text : paxPath(text, pendingName);
      } else if (type != 'g') {
        String name = pendingName != null ? pendingName : headerName(h);
        pendingName = null;
        out.add(new Member(name, type, data, size));
      }
      pos = data + (size + BLOCK - 1) / BLOCK * BLOCK;
    }
    problems.add("tar: archive ends without an end-of-archive block");
    return out;
  }

  private static String headerName(byte[] h) {
    String name = cString(java.util.Arrays.copyOfRange(h, 0, 100));
    String prefix = cString(java.util.Arrays.copyOfRange(h, 345, 500));
    boolean posix = h[262] == 0; // "ustar\0" carries a prefix field, GNU "ustar  " does not
    return posix && !prefix.isEmpty() ? prefix + "/" + name : name;
  }

  private static String paxPath(String records, String fallback) {
    for (String line : records.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0 && line.startsWith("path=", space + 1)) {
        return line.substring(space + 6);
      }
    }
    return fallback;
  }

  /** Parses an octal field, or a GNU base-256 field when its top bit is set; -1 if malformed. */
  private static long number(byte[] h, int off, int len) {
    if ((h[off] & 0x80) != 0) {
      long v = h[off] & 0x7f;
      for (int i = 1; i < len; i++) {
        if (v > (Long.MAX_VALUE >> 8)) {
          return -1;
        }
        v = (v << 8) | (h[off + i] & 0xff);
      }
      return v;
    }
    long v = 0;
    for (int i = off; i < off + len; i++) {
      int c = h[i] & 0xff;
      if (c == 0 || c == ' ') {
        if (v > 0) {
          break;
        }
        continue;
      }
      if (c < '0' || c > '7') {
        return -1;
      }
      v = v * 8 + (c - '0');
    }
    return v;
  }

  private static boolean checksumOk(byte[] h) {
    long stored = number(h, 148, 8);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
    }
    return stored == sum;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String cString(byte[] b) {
    int n = 0;
    while (n < b.length && b[n] != 0) {
      n++;
    }
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }
}
