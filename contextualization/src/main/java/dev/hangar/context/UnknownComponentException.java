package dev.hangar.context;

import java.util.Set;
import java.util.TreeSet;

/** A component name that the {@link Components} registry does not know. */
public final class UnknownComponentException extends IllegalArgumentException {
  private final String name;

  public UnknownComponentException(String name, Set<String> known) {
    super("unknown component '" + name + "'; known components: " + new TreeSet<>(known));
    this.name = name;
  }

  public String name() {
    return name;
  }
}
