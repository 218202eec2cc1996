package dev.hangar.builder;

import java.util.List;

/**
 * The {@code appliance.json} of a built appliance: identity, requirements, boot files and
 * partitions, each file with its SHA-256 so a consumer can verify what it stages.
 */
public record ApplianceDescriptor(
    String name,
    String version,
    String summary,
    String description,
    Requirements requirements,
    String cmdline,
    FileRef kernel,
    FileRef initrd,
    List<PartitionImage> partitions) {

  /** A file of the appliance, relative to its directory, with its lower-case hex SHA-256. */
  public record FileRef(String file, String sha256, long size) {}

  /**
   * One partition of the appliance; {@code file} and {@code sha256} are null for {@link
   * PartitionKind#EMPTY} partitions, which a deployment creates as zeroes of {@code sizeBytes}.
   */
  public record PartitionImage(
      String label,
      String role,
      PartitionKind kind,
      Filesystem filesystem,
      long sizeBytes,
      String file,
      String sha256) {}
}
