package dev.hangar.builder.image;

import dev.hangar.builder.image.PartitionTable.Scheme;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;

/** Parses GPT (512-byte sectors) and MBR partition tables and checks them for sanity. */
final class PartitionTableReader {
  static final int SECTOR = 512;
  private static final byte[] GPT_SIGNATURE = "EFI PART".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BOOT_SIGNATURE = {0x55, (byte) 0xaa};
  private static final int PROTECTIVE = 0xee;
  private static final int MAX_ENTRY_BYTES = 1 << 20;

  private PartitionTableReader() {}

  static PartitionTable read(ImageSource src) throws IOException {
    if (hasGptSignature(src)) {
      return readGpt(src);
    }
    if (looksLikeMbr(src)) {
      return readMbr(src);
    }
    return new PartitionTable(Scheme.NONE, src.size(), List.of(), List.of());
  }

  static boolean hasGptSignature(ImageSource src) throws IOException {
    return src.matches(SECTOR, GPT_SIGNATURE);
  }

  /** Returns whether sector 0 is an MBR: boot signature, sane status bytes, a used slot. */
  static boolean looksLikeMbr(ImageSource src) throws IOException {
    byte[] s = src.read(0, SECTOR);
    if (s.length < SECTOR || !src.matches(510, BOOT_SIGNATURE)) {
      return false;
    }
    if (FilesystemType.isFatBootSector(src)
        || src.matches(3, "NTFS".getBytes(StandardCharsets.US_ASCII))) {
      return false;
    }
    boolean used = false;
    for (int i = 0; i < 4; i++) {
      int status = s[446 + i * 16] & 0xff;
      if (status != 0 && status != 0x80) {
        return false;
      }
      used |= s[446 + i * 16 + 4] != 0;
    }
    return used;
  }

  private static PartitionTable readMbr(ImageSource src) throws IOException {
    ByteBuffer s = src.readFully(0, SECTOR, ByteOrder.LITTLE_ENDIAN);
    List<PartitionEntry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int base = 446 + i * 16;
      int type = s.get(base + 4) & 0xff;
      if (type == 0) {
        continue;
      }
      long startLba = Integer.toUnsignedLong(s.getInt(base + 8));
      long sectors = Integer.toUnsignedLong(s.getInt(base + 12));
      String field = "mbr.partition[" + (i + 1) + "]";
      if (startLba == 0) {
        problems.add(field + ".start_lba: partition overlaps the partition table");
      }
      entries.add(entry(src, i + 1, startLba, sectors, null, type, "", field, problems));
    }
    checkOverlaps(entries, "mbr", problems);
    return new PartitionTable(Scheme.MBR, src.size(), entries, problems);
  }

  private static PartitionTable readGpt(ImageSource src) throws IOException {
    List<String> problems = new ArrayList<>();
    List<PartitionEntry> entries = new ArrayList<>();
    long diskSectors = src.size() / SECTOR;
    checkProtectiveMbr(src, problems);
    ByteBuffer h = src.readFully(SECTOR, SECTOR, ByteOrder.LITTLE_ENDIAN);
    int headerSize = h == null ? 0 : h.getInt(12);
    if (headerSize < 92 || headerSize > SECTOR) {
      problems.add("gpt.header_size: " + headerSize + " outside 92..512");
      return new PartitionTable(Scheme.GPT, src.size(), entries, problems);
    }
    byte[] header = src.read(SECTOR, headerSize);
    int storedCrc = h.getInt(16);
    java.util.Arrays.fill(header, 16, 20, (byte) 0);
    if (crc(header) != storedCrc) {
      problems.add("gpt.header_crc32: header checksum does not match");
    }
    long currentLba = h.getLong(24);
    long backupLba = h.getLong(32);
    long firstUsable = h.getLong(40);
    long lastUsable = h.getLong(48);
    long entriesLba = h.getLong(72);
    long count = Integer.toUnsignedLong(h.getInt(80));
    long entrySize = Integer.toUnsignedLong(h.getInt(84));
    if (currentLba != 1) {
      problems.add("gpt.my_lba: primary header claims LBA " + currentLba);
    }
    if (backupLba <= 1 || backupLba >= diskSectors) {
      problems.add("gpt.alternate_lba: backup header LBA " + backupLba + " outside the disk");
    }
    if (firstUsable > lastUsable || lastUsable >= diskSectors) {
      problems.add("gpt.last_usable_lba: usable range ends outside the disk");
    }
    if (entrySize < 128 || entrySize % 128 != 0 || count * entrySize > MAX_ENTRY_BYTES) {
      problems.add("gpt.partition_entry_size: " + count + " entries of " + entrySize + " bytes");
      return new PartitionTable(Scheme.GPT, src.size(), entries, problems);
    }
    byte[] array = src.read(entriesLba * SECTOR, (int) (count * entrySize));
    if (array.length != count * entrySize) {
      problems.add("gpt.partition_entry_lba: entry array lies outside the disk");
      return new PartitionTable(Scheme.GPT, src.size(), entries, problems);
    }
    if (crc(array) != h.getInt(88)) {
      problems.add("gpt.partition_entry_array_crc32: entry array checksum does not match");
    }
    ByteBuffer a = ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      int base = (int) (i * entrySize);
      if (Guids.isZero(array, base)) {
        continue;
      }
      long first = a.getLong(base + 32);
      long last = a.getLong(base + 40);
      String field = "gpt.partition[" + (i + 1) + "]";
      if (first < firstUsable || last > lastUsable || last < first) {
        problems.add(
            field
                + ": LBA "
                + first
                + ".."
                + last
                + " outside usable "
                + firstUsable
                + ".."
                + lastUsable);
      }
      String name = utf16(array, base + 56, 72);
      long sectors = last >= first ? last - first + 1 : 0;
      entries.add(
          entry(src, i + 1, first, sectors, Guids.format(array, base), -1, name, field, problems));
    }
    checkOverlaps(entries, "gpt", problems);
    return new PartitionTable(Scheme.GPT, src.size(), entries, problems);
  }

  private static void checkProtectiveMbr(ImageSource src, List<String> problems)
      throws IOException {
    byte[] s = src.read(0, SECTOR);
    boolean protective = false;
    for (int i = 0; i < 4 && s.length == SECTOR; i++) {
      protective |= (s[446 + i * 16 + 4] & 0xff) == PROTECTIVE;
    }
    if (!src.matches(510, BOOT_SIGNATURE) || !protective) {
      problems.add("gpt.protective_mbr: no protective MBR (type 0xEE) in sector 0");
    }
  }

  /** Builds an entry, flagging one that ends past the disk, and probes its file system. */
  private static PartitionEntry entry(
      ImageSource src,
      int index,
      long startLba,
      long sectors,
      String guid,
      int typeByte,
      String name,
      String field,
      List<String> problems)
      throws IOException {
    long start = startLba * SECTOR;
    long size = sectors * SECTOR;
    FilesystemType fs = FilesystemType.UNKNOWN;
    if (startLba > src.size() / SECTOR || sectors > src.size() / SECTOR - startLba) {
      problems.add(field + ": ends at byte " + (start + size) + " past the disk end " + src.size());
    } else {
      fs = FilesystemType.probe(src.slice(start, size));
    }
    return new PartitionEntry(index, start, size, guid, typeByte, name, fs);
  }

  private static void checkOverlaps(List<PartitionEntry> entries, String scheme, List<String> out) {
    List<PartitionEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(PartitionEntry::start));
    for (int i = 1; i < sorted.size(); i++) {
      PartitionEntry prev = sorted.get(i - 1);
      PartitionEntry cur = sorted.get(i);
      if (cur.start() < prev.end()) {
        out.add(scheme + ".partition[" + cur.index() + "]: overlaps partition " + prev.index());
      }
    }
  }

  private static int crc(byte[] b) {
    CRC32 crc = new CRC32();
    crc.update(b);
    return (int) crc.getValue();
  }

  private static String utf16(byte[] b, int off, int len) {
    String s = new String(b, off, len, StandardCharsets.UTF_16LE);
    int nul = s.indexOf('\0');
    return nul < 0 ? s : s.substring(0, nul);
  }
}
