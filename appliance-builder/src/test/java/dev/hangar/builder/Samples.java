package dev.hangar.builder;

import java.nio.file.Path;

/** Locates the repository's sample recipes relative to the module directory. */
final class Samples {
  private Samples() {}

  /** Returns samples/hello/recipe.yaml next to this module. */
  static Path helloRecipe() {
    return Path.of(System.getProperty("user.dir"))
        .resolveSibling("samples")
        .resolve("hello")
        .resolve("recipe.yaml");
  }
}
