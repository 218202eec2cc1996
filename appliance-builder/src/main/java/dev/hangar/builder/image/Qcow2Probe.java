package dev.hangar.builder.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses a qcow2 header and flags every feature that makes qemu read beyond the image file. */
final class Qcow2Probe {
  static final int MAGIC = 0x514649fb;

  /** Incompatible feature bits qemu 7.2 defines: dirty, corrupt, data file, compression, ext L2. */
  private static final long KNOWN_INCOMPATIBLE = 0x1fL;

  private static final long DIRTY = 1L;
  private static final long CORRUPT = 1L << 1;
  private static final long EXTERNAL_DATA_FILE = 1L << 2;

  private static final int EXT_END = 0;
  private static final int EXT_BACKING_FORMAT = 0xe2792aca;
  private static final int EXT_FULL_DISK_ENCRYPTION = 0x0537be77;
  private static final int EXT_DATA_FILE = 0x44415441;

  private Qcow2Probe() {}

  static Optional<Detection> probe(ImageSource src) throws IOException {
    ByteBuffer h = src.readFully(0, 104, ByteOrder.BIG_ENDIAN);
    if (h == null || h.getInt(0) != MAGIC) {
      return Optional.empty();
    }
    Map<String, String> details = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    int version = h.getInt(4);
    long backingOffset = h.getLong(8);
    int backingSize = h.getInt(16);
    int clusterBits = h.getInt(20);
    long size = h.getLong(24);
    int cryptMethod = h.getInt(32);
    details.put("qcow2.version", Integer.toString(version));
    details.put("qcow2.cluster_bits", Integer.toString(clusterBits));
    if (version != 2 && version != 3) {
      problems.add("qcow2.version: unsupported version " + version);
    }
    if (clusterBits < 9 || clusterBits > 21) {
      problems.add("qcow2.cluster_bits: " + clusterBits + " outside 9..21");
    }
    if (backingOffset != 0 || backingSize != 0) {
      String name = readString(src, backingOffset, Math.min(Math.max(backingSize, 0), 1023));
      problems.add(
          "qcow2.backing_file_offset: image has a backing file '"
              + name
              + "' (offset "
              + backingOffset
              + ", size "
              + backingSize
              + ")");
    }
    if (cryptMethod != 0) {
      problems.add(
          "qcow2.crypt_method: image is encrypted ("
              + (cryptMethod == 1 ? "AES" : cryptMethod == 2 ? "LUKS" : "method " + cryptMethod)
              + ")");
    }
    int headerLength = 72;
    if (version >= 3) {
      long incompatible = h.getLong(72);
      headerLength = h.getInt(100);
      details.put("qcow2.incompatible_features", "0x" + Long.toHexString(incompatible));
      if ((incompatible & EXTERNAL_DATA_FILE) != 0) {
        problems.add("qcow2.incompatible_features: external data file (bit 2) is set");
      }
      if ((incompatible & CORRUPT) != 0) {
        problems.add("qcow2.incompatible_features: image is marked corrupt (bit 1)");
      }
      long unknown = incompatible & ~KNOWN_INCOMPATIBLE;
      if (unknown != 0) {
        problems.add(
            "qcow2.incompatible_features: unknown feature bits 0x" + Long.toHexString(unknown));
      }
      details.put("qcow2.dirty", Boolean.toString((incompatible & DIRTY) != 0));
      if (headerLength < 104 || headerLength > (1 << Math.min(Math.max(clusterBits, 9), 21))) {
        problems.add("qcow2.header_length: " + headerLength + " is not a valid header length");
        headerLength = 104;
      }
    }
    readExtensions(src, headerLength, clusterBits, details, problems);
    if (size < 0) {
      problems.add("qcow2.size: negative virtual size");
    }
    return Optional.of(new Detection(ImageFormat.QCOW2, size, details, problems));
  }

  /** Walks the header extensions, which end at the first cluster boundary at the latest. */
  private static void readExtensions(
      ImageSource src,
      long from,
      int clusterBits,
      Map<String, String> details,
      List<String> problems)
      throws IOException {
    long end = 1L << Math.min(Math.max(clusterBits, 9), 21);
    long pos = from;
    while (pos + 8 <= end) {
      ByteBuffer e = src.readFully(pos, 8, ByteOrder.BIG_ENDIAN);
      if (e == null) {
        return;
      }
      int type = e.getInt(0);
      long len = Integer.toUnsignedLong(e.getInt(4));
      if (type == EXT_END) {
        return;
      }
      if (pos + 8 + len > end) {
        problems.add(
            "qcow2.header_extension: extension 0x" + Integer.toHexString(type) + " overruns");
        return;
      }
      if (type == EXT_DATA_FILE) {
        problems.add(
            "qcow2.header_extension.data_file: names external data file '"
                + readString(src, pos + 8, (int) len)
                + "'");
      } else if (type == EXT_FULL_DISK_ENCRYPTION) {
        problems.add("qcow2.header_extension.encryption: full disk encryption header present");
      } else if (type == EXT_BACKING_FORMAT) {
        details.put("qcow2.backing_format", readString(src, pos + 8, (int) len));
      }
      pos += 8 + ((len + 7) & ~7L);
    }
  }

  static String readString(ImageSource src, long pos, int len) throws IOException {
    byte[] b = src.read(pos, len);
    int n = 0;
    while (n < b.length && b[n] != 0) {
      n++;
    }
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }
}
