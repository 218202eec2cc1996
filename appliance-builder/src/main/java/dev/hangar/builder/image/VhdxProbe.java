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

/**
 * Parses a VHDX file's region table and metadata region to find its virtual size and whether it is
 * a differencing disk (which would make qemu open a parent).
 */
final class VhdxProbe {
  private static final byte[] SIGNATURE = "vhdxfile".getBytes(StandardCharsets.US_ASCII);
  private static final long REGION_TABLE = 192 * 1024;
  private static final int REGION_SIGNATURE = 0x69676572; // "regi" read little-endian
  private static final byte[] METADATA_SIGNATURE = "metadata".getBytes(StandardCharsets.US_ASCII);
  private static final String METADATA_REGION = "8B7CA206-4790-4B9A-B8FE-575F050F886E";
  private static final String VIRTUAL_DISK_SIZE = "2FA54224-CD1B-4876-B211-5DBED83BF4B8";
  private static final String FILE_PARAMETERS = "CAA16737-FA36-4D43-B3B6-33F0AA44E76B";
  private static final String PARENT_LOCATOR = "A8D35F2D-B30B-454D-ABF7-D3D84834AB0C";
  private static final int MAX_ENTRIES = 2047;

  private VhdxProbe() {}

  static Optional<Detection> probe(ImageSource src) throws IOException {
    if (!src.matches(0, SIGNATURE)) {
      return Optional.empty();
    }
    Map<String, String> details = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    long virtualSize = -1;
    long metadataOffset = findMetadataRegion(src, problems);
    if (metadataOffset > 0) {
      virtualSize = readMetadata(src, metadataOffset, details, problems);
    }
    if (virtualSize < 0) {
      problems.add("vhdx.metadata: virtual disk size not found");
      virtualSize = 0;
    }
    return Optional.of(new Detection(ImageFormat.VHDX, virtualSize, details, problems));
  }

  private static long findMetadataRegion(ImageSource src, List<String> problems)
      throws IOException {
    ByteBuffer t = src.readFully(REGION_TABLE, 16, ByteOrder.LITTLE_ENDIAN);
    if (t == null || t.getInt(0) != REGION_SIGNATURE) {
      problems.add("vhdx.region_table: missing region table signature");
      return -1;
    }
    int count = t.getInt(8);
    if (count < 0 || count > MAX_ENTRIES) {
      problems.add("vhdx.region_table.entry_count: " + count + " out of range");
      return -1;
    }
    byte[] entries = src.read(REGION_TABLE + 16, count * 32);
    for (int i = 0; i + 32 <= entries.length; i += 32) {
      if (METADATA_REGION.equals(Guids.format(entries, i))) {
        return ByteBuffer.wrap(entries, i + 16, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      }
    }
    problems.add("vhdx.region_table: no metadata region");
    return -1;
  }

  private static long readMetadata(
      ImageSource src, long region, Map<String, String> details, List<String> problems)
      throws IOException {
    ByteBuffer h = src.readFully(region, 32, ByteOrder.LITTLE_ENDIAN);
    if (h == null || !src.matches(region, METADATA_SIGNATURE)) {
      problems.add("vhdx.metadata: missing metadata table signature");
      return -1;
    }
    int count = Short.toUnsignedInt(h.getShort(10));
    if (count > MAX_ENTRIES) {
      problems.add("vhdx.metadata.entry_count: " + count + " out of range");
      return -1;
    }
    byte[] entries = src.read(region + 32, count * 32);
    long size = -1;
    for (int i = 0; i + 32 <= entries.length; i += 32) {
      String id = Guids.format(entries, i);
      long itemOffset =
          Integer.toUnsignedLong(
              ByteBuffer.wrap(entries, i + 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
      if (VIRTUAL_DISK_SIZE.equals(id)) {
        ByteBuffer v = src.readFully(region + itemOffset, 8, ByteOrder.LITTLE_ENDIAN);
        size = v == null ? -1 : v.getLong(0);
      } else if (FILE_PARAMETERS.equals(id)) {
        ByteBuffer v = src.readFully(region + itemOffset, 8, ByteOrder.LITTLE_ENDIAN);
        if (v != null && (v.getInt(4) & 2) != 0) {
          problems.add("vhdx.file_parameters: HasParent is set (differencing disk)");
        }
        details.put("vhdx.block_size", v == null ? "?" : Integer.toUnsignedString(v.getInt(0)));
      } else if (PARENT_LOCATOR.equals(id)) {
        problems.add("vhdx.metadata.parent_locator: differencing disk names a parent");
      }
    }
    return size;
  }
}
