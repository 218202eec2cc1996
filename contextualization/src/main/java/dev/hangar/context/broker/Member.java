package dev.hangar.context.broker;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One VM of a group as the broker sees it.
 *
 * @param hostname its host name, unique in the group
 * @param role the role it plays
 * @param provided what it provided, empty until it has
 */
public record Member(String hostname, String role, Optional<Map<String, String>> provided) {
  /** Rejects missing fields; the provided map is copied. */
  public Member {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(role, "role");
    provided = provided == null ? Optional.empty() : provided.map(Map::copyOf);
  }
}
