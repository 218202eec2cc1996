package dev.hangar.builder.image;

/**
 * One partition of a GPT or MBR disk, with the file system found at its start.
 *
 * @param index 1-based slot in the partition table
 * @param start byte offset of the partition in the disk
 * @param size size in bytes
 * @param typeGuid GPT partition type GUID, or null for MBR
 * @param typeByte MBR partition type byte, or -1 for GPT
 * @param name GPT partition name, or "" for MBR
 * @param filesystem file system detected by superblock magic
 */
public record PartitionEntry(
    int index,
    long start,
    long size,
    String typeGuid,
    int typeByte,
    String name,
    FilesystemType filesystem) {

  /** Returns the byte offset just past the partition. */
  public long end() {
    return start + size;
  }
}
