package dev.hangar.builder;

import java.util.List;

/**
 * An appliance recipe as bound from YAML; obtain validated instances through {@link
 * RecipeLoader#load(java.nio.file.Path)}.
 */
public record Recipe(
    String name,
    String version,
    String summary,
    String description,
    List<PartitionSpec> partitions,
    BootSpec boot,
    Requirements requirements) {

  /** Returns the partition whose role is {@value PartitionSpec#ROOT_ROLE}. */
  public PartitionSpec rootPartition() {
    return partitions.stream()
        .filter(p -> PartitionSpec.ROOT_ROLE.equals(p.role()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("recipe " + name + " has no root partition"));
  }
}
