package dev.hangar.builder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * An appliance recipe as bound from YAML; obtain validated instances through {@link
 * RecipeLoader#load(java.nio.file.Path)}.
 *
 * @param contextSchema the context-parameter schema (a JSON Schema subset, {@code
 *     dev.hangar.context.ParameterSchema}); an empty object when the recipe has none
 * @param components names of the standard appliance components a deployment applies to the VM's
 *     seed, in order ({@code contextualization/COMPONENTS.md}); empty when the recipe names none
 */
public record Recipe(
    String name,
    String version,
    String summary,
    String description,
    List<PartitionSpec> partitions,
    BootSpec boot,
    Requirements requirements,
    JsonNode contextSchema,
    List<String> components) {

  /** Fills the optional fields: no schema is an empty one, no components an empty list. */
  public Recipe {
    contextSchema =
        contextSchema == null || contextSchema.isNull()
            ? JsonNodeFactory.instance.objectNode()
            : contextSchema;
    components =
        components == null ? List.of() : java.util.Collections.unmodifiableList(components);
  }

  /** Returns the partition whose role is {@value PartitionSpec#ROOT_ROLE}. */
  public PartitionSpec rootPartition() {
    return partitions.stream()
        .filter(p -> PartitionSpec.ROOT_ROLE.equals(p.role()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("recipe " + name + " has no root partition"));
  }
}
