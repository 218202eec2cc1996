package dev.hangar.builder;

import java.util.List;

/** Thrown when a recipe cannot be read or violates a rule; the message names every bad field. */
public final class RecipeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** Creates an exception for {@code source} listing {@code problems} as "field: reason". */
  public RecipeException(String source, List<String> problems) {
    super("invalid recipe " + source + ": " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns each problem as "field: reason", e.g. {@code partitions[0].kind: must be ...}. */
  public List<String> problems() {
    return problems;
  }
}
