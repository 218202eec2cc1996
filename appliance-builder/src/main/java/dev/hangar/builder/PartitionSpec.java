package dev.hangar.builder;

/**
 * One partition as declared in a recipe; {@code content} is a directory relative to the recipe
 * file, or null. {@code baseName}, when set, replaces the recipe name in what the partition is
 * stamped with (its file system UUID and, for the root, the default {@code /etc/hostname}), so
 * recipes that name the same base and content build byte-identical partitions the catalog stores
 * once.
 */
public record PartitionSpec(
    String label,
    String role,
    PartitionKind kind,
    Integer sizeMiB,
    Filesystem filesystem,
    String content,
    String baseName) {

  /** Role of the partition the initramfs mounts as {@code /}. */
  public static final String ROOT_ROLE = "root";

  /** Returns the name this partition is stamped with: {@code baseName}, else the recipe's. */
  public String stampName(String recipeName) {
    return baseName == null ? recipeName : baseName;
  }

  /** Returns the partition size in bytes. */
  public long sizeBytes() {
    return sizeMiB * 1024L * 1024L;
  }
}
