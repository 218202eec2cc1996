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

/** Parses a VHD footer (last 512 bytes; dynamic disks also copy it to offset 0). */
final class VhdProbe {
  private static final byte[] COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DYNAMIC_COOKIE = "cxsparse".getBytes(StandardCharsets.US_ASCII);
  private static final int FIXED = 2;
  private static final int DYNAMIC = 3;
  private static final int DIFFERENCING = 4;

  private VhdProbe() {}

  static Optional<Detection> probe(ImageSource src) throws IOException {
    boolean atStart = src.matches(0, COOKIE);
    long footerPos = src.size() - 512;
    boolean atEnd = footerPos >= 0 && src.matches(footerPos, COOKIE);
    if (!atEnd && src.size() >= 511 && src.matches(src.size() - 511, COOKIE)) {
      footerPos = src.size() - 511; // pre-2004 Virtual PC wrote a 511-byte footer
      atEnd = true;
    }
    if (!atStart && !atEnd) {
      return Optional.empty();
    }
    Map<String, String> details = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    if (!atEnd) {
      problems.add("vhd.footer: header copy at offset 0 but no footer at the end of the file");
    }
    ByteBuffer f = src.readFully(atEnd ? footerPos : 0, 511, ByteOrder.BIG_ENDIAN);
    long dataOffset = f.getLong(16);
    long currentSize = f.getLong(48);
    int diskType = f.getInt(60);
    details.put("vhd.disk_type", Integer.toString(diskType));
    if (diskType == DIFFERENCING) {
      problems.add("vhd.disk_type: differencing VHD depends on a parent image");
    } else if (diskType == DYNAMIC) {
      details.put("vhd.subformat", "dynamic");
      if (!atStart) {
        problems.add("vhd.footer: dynamic VHD lacks the footer copy at offset 0");
      }
      if (dataOffset < 512 || !src.matches(dataOffset, DYNAMIC_COOKIE)) {
        problems.add("vhd.data_offset: no dynamic disk header at " + dataOffset);
      }
    } else if (diskType == FIXED) {
      details.put("vhd.subformat", "fixed");
      if (currentSize > footerPos) {
        problems.add("vhd.current_size: fixed disk larger than the file");
      }
    } else {
      problems.add("vhd.disk_type: unknown disk type " + diskType);
    }
    return Optional.of(new Detection(ImageFormat.VHD, currentSize, details, problems));
  }

  /** Returns whether a detection is a fixed VHD, whose data area is a raw disk. */
  static boolean isFixed(Detection d) {
    return d.format() == ImageFormat.VHD && "fixed".equals(d.details().get("vhd.subformat"));
  }
}
