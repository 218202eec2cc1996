package dev.hangar.context.broker;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One role of a group.
 *
 * @param name lower-case letters, digits and '-', starting with a letter, at most 32 characters;
 *     also the stem of its VMs' host names
 * @param count how many VMs play it, 1 to {@link #MAX_COUNT}
 * @param requires names of the roles whose data its VMs need (may include itself)
 */
public record RoleSpec(String name, int count, List<String> requires) {
  /** The most VMs one role may have. */
  public static final int MAX_COUNT = 64;

  static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,30}[a-z0-9])?");

  /** Validates the name and count; whether required roles exist is checked by the group. */
  public RoleSpec {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidBrokerDataException(
          "name", "must be 1-32 lower-case letters, digits or '-', starting with a letter");
    }
    if (count < 1 || count > MAX_COUNT) {
      throw new InvalidBrokerDataException("count", "must be 1 to " + MAX_COUNT);
    }
    requires = List.copyOf(requires == null ? List.of() : requires);
    if (requires.stream().distinct().count() != requires.size()) {
      throw new InvalidBrokerDataException("requires", "names a role twice");
    }
    requires.forEach(r -> Objects.requireNonNull(r, "requires"));
  }

  /**
   * Host names of this role's VMs, in order: the role name for a single VM, {@code <name>-1} ...
   * {@code <name>-<count>} otherwise.
   */
  public List<String> hostnames() {
    if (count == 1) {
      return List.of(name);
    }
    return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> name + "-" + i).toList();
  }
}
