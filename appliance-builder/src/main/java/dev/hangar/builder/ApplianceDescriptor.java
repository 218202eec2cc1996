package dev.hangar.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * The {@code appliance.json} of a built appliance: identity, requirements, boot files and
 * partitions, each file with its SHA-256 so a consumer can verify what it stages, and the recipe's
 * context schema and components, which travel with the version and its signed manifest.
 *
 * @param contextSchema the recipe's context-parameter schema; an empty object if it has none
 * @param components the recipe's standard components, in order; empty if it names none
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
    List<PartitionImage> partitions,
    JsonNode contextSchema,
    List<String> components) {

  /** Descriptors written before schemas and components existed read as having none. */
  public ApplianceDescriptor {
    contextSchema =
        contextSchema == null || contextSchema.isNull()
            ? JsonNodeFactory.instance.objectNode()
            : contextSchema.deepCopy();
    components = components == null ? List.of() : List.copyOf(components);
  }

  /** A descriptor with no context schema and no components. */
  public ApplianceDescriptor(
      String name,
      String version,
      String summary,
      String description,
      Requirements requirements,
      String cmdline,
      FileRef kernel,
      FileRef initrd,
      List<PartitionImage> partitions) {
    this(
        name,
        version,
        summary,
        description,
        requirements,
        cmdline,
        kernel,
        initrd,
        partitions,
        null,
        null);
  }

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
