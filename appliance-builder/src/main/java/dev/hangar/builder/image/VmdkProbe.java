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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a VMDK sparse header and its embedded descriptor, or a bare descriptor file; only
 * single-file monolithicSparse and streamOptimized images are safe, since any other layout makes
 * qemu open the files the descriptor's extents name.
 */
final class VmdkProbe {
  static final int SPARSE_MAGIC = 0x564d444b; // "KDMV" read little-endian
  private static final byte[] DESCRIPTOR_TEXT =
      "# Disk DescriptorFile".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_DESCRIPTOR = 1 << 20;
  private static final Set<String> ALLOWED_TYPES = Set.of("monolithicSparse", "streamOptimized");
  private static final Pattern CREATE_TYPE =
      Pattern.compile("^\\s*createType\\s*=\\s*\"?([^\"\\s]*)\"?", Pattern.MULTILINE);
  private static final Pattern PARENT_HINT =
      Pattern.compile("^\\s*parentFileNameHint\\s*=\\s*\"?([^\"]*)\"?", Pattern.MULTILINE);
  private static final Pattern EXTENT =
      Pattern.compile(
          "^\\s*(RW|RDONLY|NOACCESS)\\s+(\\d+)\\s+(\\w+)(?:\\s+\"([^\"]*)\")?", Pattern.MULTILINE);

  private VmdkProbe() {}

  static Optional<Detection> probe(ImageSource src) throws IOException {
    ByteBuffer h = src.readFully(0, 512, ByteOrder.LITTLE_ENDIAN);
    Map<String, String> details = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    String descriptor;
    long capacity = 0;
    boolean sparse;
    if (h != null && h.getInt(0) == SPARSE_MAGIC) {
      sparse = true;
      capacity = h.getLong(12) * 512;
      long descOffset = h.getLong(28);
      long descSize = h.getLong(36);
      details.put("vmdk.version", Integer.toString(h.getInt(4)));
      if (descOffset <= 0 || descSize <= 0) {
        problems.add("vmdk.descriptor_offset: sparse VMDK has no embedded descriptor");
        descriptor = "";
      } else if (descSize > MAX_DESCRIPTOR / 512) {
        problems.add("vmdk.descriptor_size: " + descSize + " sectors exceeds 1 MiB");
        descriptor = "";
      } else {
        descriptor = text(src.read(descOffset * 512, (int) (descSize * 512)));
      }
    } else if (src.matches(0, DESCRIPTOR_TEXT)) {
      sparse = false;
      descriptor = text(src.read(0, MAX_DESCRIPTOR));
      problems.add("vmdk: descriptor-only VMDK keeps its data in separate extent files");
    } else {
      return Optional.empty();
    }
    checkDescriptor(descriptor, sparse, details, problems);
    if (!sparse) {
      capacity = extentSectors(descriptor) * 512;
    }
    return Optional.of(new Detection(ImageFormat.VMDK, capacity, details, problems));
  }

  private static void checkDescriptor(
      String descriptor, boolean sparse, Map<String, String> details, List<String> problems) {
    Matcher type = CREATE_TYPE.matcher(descriptor);
    String createType = type.find() ? type.group(1) : "";
    details.put("vmdk.createType", createType);
    if (!ALLOWED_TYPES.contains(createType)) {
      problems.add(
          "vmdk.createType: '"
              + createType
              + "' is not allowed (only monolithicSparse or streamOptimized)");
    }
    Matcher parent = PARENT_HINT.matcher(descriptor);
    if (parent.find()) {
      problems.add("vmdk.parentFileNameHint: delta disk names parent '" + parent.group(1) + "'");
    }
    Matcher extent = EXTENT.matcher(descriptor);
    int count = 0;
    while (extent.find()) {
      count++;
      String kind = extent.group(3);
      String file = extent.group(4) == null ? "" : extent.group(4);
      if (!sparse || !"SPARSE".equals(kind)) {
        problems.add("vmdk.extent[" + count + "]: " + kind + " extent in '" + file + "'");
      } else if (file.isEmpty()
          || file.contains("/")
          || file.contains("\\")
          || file.equals(".")
          || file.equals("..")) {
        problems.add("vmdk.extent[" + count + "]: extent names another file '" + file + "'");
      }
    }
    details.put("vmdk.extents", Integer.toString(count));
    if (sparse && count != 1) {
      problems.add("vmdk.extents: monolithic image must have exactly one extent, has " + count);
    }
  }

  private static long extentSectors(String descriptor) {
    Matcher extent = EXTENT.matcher(descriptor);
    long sum = 0;
    while (extent.find()) {
      try {
        sum = Math.addExact(sum, Long.parseLong(extent.group(2)));
      } catch (NumberFormatException | ArithmeticException e) {
        return Long.MAX_VALUE / 512;
      }
    }
    return sum;
  }

  private static String text(byte[] bytes) {
    int n = 0;
    while (n < bytes.length && bytes[n] != 0) {
      n++;
    }
    return new String(bytes, 0, n, StandardCharsets.US_ASCII);
  }
}
