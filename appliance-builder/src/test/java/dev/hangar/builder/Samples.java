package dev.hangar.builder;

import dev.hangar.context.Components;
import dev.hangar.context.ParameterSchema;
import dev.hangar.context.SeedRequest;
import java.nio.file.Path;

/** Locates the repository's sample recipes relative to the module directory. */
final class Samples {
  private Samples() {}

  /** Returns samples/hello/recipe.yaml next to this module. */
  static Path helloRecipe() {
    return recipe("hello");
  }

  /** Returns samples/{@code name}/recipe.yaml next to this module. */
  static Path recipe(String name) {
    return Path.of(System.getProperty("user.dir"))
        .resolveSibling("samples")
        .resolve(name)
        .resolve("recipe.yaml");
  }

  /**
   * Returns {@code request} as the marketplace would contextualize a deployment of {@code
   * appliance}: parameters completed with the context schema's defaults, then the appliance's
   * components applied in order.
   */
  static SeedRequest contextualize(BuiltAppliance appliance, SeedRequest request) {
    ApplianceDescriptor d = appliance.descriptor();
    SeedRequest withDefaults =
        new SeedRequest(
            request.instanceId(),
            request.hostname(),
            ParameterSchema.parse(d.contextSchema()).withDefaults(request.parameters()),
            request.sshAuthorizedKeys(),
            request.secretParameters(),
            request.cloudConfig(),
            request.network());
    return Components.standard().apply(withDefaults, d.components());
  }
}
