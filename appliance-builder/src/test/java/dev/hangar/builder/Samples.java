package dev.hangar.builder;

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
}
