package dev.hangar.builder.image;

import static dev.hangar.builder.image.TestImages.patch;
import static dev.hangar.builder.image.TestImages.run;
import static dev.hangar.builder.image.TestImages.runWithInput;
import static dev.hangar.builder.image.TestImages.writeAt;
import static dev.hangar.builder.image.TestImages.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionTableTest {
  private static final String LINUX_FS = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";
  private static final String LINUX_SWAP = "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F";

  @TempDir Path dir;

  private final FormatInspector inspector = new FormatInspector(ImportLimits.defaults());

  /** A 16 MiB GPT disk: partition 1 "root" (6 MiB ext4), partition 2 "swap" (4 MiB swap). */
  private Path gptDisk() throws Exception {
    Path disk = zeros(dir.resolve("disk.img"), 16L << 20);
    run(
        dir,
        "sgdisk",
        "-n",
        "1:2048:+6M",
        "-t",
        "1:8300",
        "-c",
        "1:root",
        "-n",
        "2:0:+4M",
        "-t",
        "2:8200",
        "-c",
        "2:swap",
        disk.toString());
    Path root = dir.resolve("root.ext4");
    run(dir, "mke2fs", "-q", "-t", "ext4", "-F", root.toString(), "6M");
    Path swap = zeros(dir.resolve("swap.img"), 4L << 20);
    run(dir, "mkswap", swap.toString());
    PartitionTable table = PartitionTable.read(disk);
    writeAt(disk, table.entries().get(0).start(), root);
    writeAt(disk, table.entries().get(1).start(), swap);
    return disk;
  }

  @Test
  void listsGptPartitionsWithTheirFilesystemsAndSizes() throws Exception {
    Path disk = gptDisk();
    PartitionTable table = PartitionTable.read(disk);
    assertEquals(PartitionTable.Scheme.GPT, table.scheme());
    assertEquals(List.of(), table.problems());
    assertEquals(2, table.entries().size());
    PartitionEntry root = table.entries().get(0);
    PartitionEntry swap = table.entries().get(1);
    assertEquals(
        List.of(1, 2048L * 512, 6L << 20, LINUX_FS, "root", FilesystemType.EXT4),
        List.of(
            root.index(),
            root.start(),
            root.size(),
            root.typeGuid(),
            root.name(),
            root.filesystem()));
    assertEquals(
        List.of(2, 4L << 20, LINUX_SWAP, "swap", FilesystemType.SWAP),
        List.of(swap.index(), swap.size(), swap.typeGuid(), swap.name(), swap.filesystem()));
    assertTrue(swap.start() >= root.end());

    InspectionResult r = inspector.inspect(disk, ImageFormat.RAW);
    assertEquals(ImageFormat.GPT, r.format());
    assertTrue(r.isSafe(), r.safetyProblems()::toString);
    assertEquals("2", r.details().get("partitions"));
  }

  @Test
  void extractsAPartitionByteForByte() throws Exception {
    Path disk = gptDisk();
    PartitionEntry root = PartitionTable.read(disk).entries().get(0);
    Path out = dir.resolve("extracted.ext4");
    PartitionTable.extractPartition(disk, root, out);
    assertArrayEquals(Files.readAllBytes(dir.resolve("root.ext4")), Files.readAllBytes(out));
  }

  @Test
  void rejectsGptWhoseHeaderCrcIsCorrupted() throws Exception {
    Path disk = gptDisk();
    byte[] guidByte = {(byte) (Files.readAllBytes(disk)[512 + 56] ^ 0xff)};
    patch(disk, 512 + 56, guidByte);
    InspectionResult r = inspector.inspect(disk);
    assertEquals(ImageFormat.GPT, r.format());
    assertTrue(
        r.safetyProblems().contains("gpt.header_crc32: header checksum does not match"),
        r.safetyProblems()::toString);
  }

  @Test
  void rejectsGptWithoutProtectiveMbr() throws Exception {
    Path disk = gptDisk();
    patch(disk, 0, new byte[512]);
    assertTrue(
        PartitionTable.read(disk)
            .problems()
            .contains("gpt.protective_mbr: no protective MBR (type 0xEE) in sector 0"));
  }

  /** An 8 MiB MBR disk: partition 1 FAT (vfat formatted), partition 2 Linux (type 0x83). */
  private Path mbrDisk() throws Exception {
    Path disk = zeros(dir.resolve("mbr.img"), 8L << 20);
    runWithInput(dir, "label: dos\n2048,4096,c\n6144,4096,83\n", "sfdisk", "-q", disk.toString());
    Path fat = zeros(dir.resolve("fat.img"), 2L << 20);
    run(dir, "mkfs.vfat", fat.toString());
    writeAt(disk, 2048L * 512, fat);
    return disk;
  }

  @Test
  void listsMbrPartitionsWithTypeBytesAndFilesystems() throws Exception {
    PartitionTable table = PartitionTable.read(mbrDisk());
    assertEquals(PartitionTable.Scheme.MBR, table.scheme());
    assertEquals(List.of(), table.problems());
    PartitionEntry fat = table.entries().get(0);
    PartitionEntry linux = table.entries().get(1);
    assertEquals(0x0c, fat.typeByte());
    assertNull(fat.typeGuid());
    assertEquals(FilesystemType.VFAT, fat.filesystem());
    assertEquals(6144L * 512, linux.start());
    assertEquals(0x83, linux.typeByte());
    assertEquals(FilesystemType.UNKNOWN, linux.filesystem());
    assertEquals(ImageFormat.MBR, inspector.inspect(mbrDisk(), ImageFormat.RAW).format());
  }

  @Test
  void rejectsMbrWithOverlappingPartitions() throws Exception {
    Path disk = mbrDisk();
    patch(disk, 446 + 16 + 8, le32(4000));
    InspectionResult r = inspector.inspect(disk, ImageFormat.RAW);
    assertEquals(ImageFormat.MBR, r.format());
    assertEquals(List.of("mbr.partition[2]: overlaps partition 1"), r.safetyProblems());
  }

  @Test
  void rejectsMbrPartitionEndingPastTheDisk() throws Exception {
    Path disk = mbrDisk();
    patch(disk, 446 + 16 + 12, le32(1 << 20));
    assertTrue(
        inspector.inspect(disk).safetyProblems().stream()
            .anyMatch(p -> p.startsWith("mbr.partition[2]: ends at byte")));
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
