package dev.hangar.builder;

/**
 * One partition as declared in a recipe; {@code content} is a directory relative to the recipe
 * file, or null.
 */
public record PartitionSpec(
    String label,
    String role,
    PartitionKind kind,
    Integer sizeMiB,
    Filesystem filesystem,
    String content) {

  /** Role of the partition the initramfs mounts as {@code /}. */
  public static final String ROOT_ROLE = "root";

  /** Returns the partition size in bytes. */
  public long sizeBytes() {
    return sizeMiB * 1024L * 1024L;
  }
}
