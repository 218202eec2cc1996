package dev.hangar.marketplace.account;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who makes a request, as services see it: a user with its roles and publisher, or anonymous.
 *
 * @param name user name, or {@code anonymous}
 * @param userId the user's id; empty for anonymous callers
 * @param roles security role names, already expanded (a publisher also has consumer)
 * @param publisherId the publisher a publisher user acts for
 */
public record Caller(
    String name, Optional<UUID> userId, Set<String> roles, Optional<UUID> publisherId) {
  /** Attribute of the security identity holding the user's id. */
  static final String USER_ID = "hangar.user-id";

  /** Attribute of the security identity holding the user's publisher id. */
  static final String PUBLISHER_ID = "hangar.publisher-id";

  public static final Caller ANONYMOUS =
      new Caller("anonymous", Optional.empty(), Set.of(), Optional.empty());

  /** The service itself, for work it does on its own behalf (bootstrap, sample seeding). */
  public static Caller system() {
    return new Caller("system", Optional.empty(), Role.ADMIN.securityRoles(), Optional.empty());
  }

  /** The caller behind a Quarkus security identity. */
  public static Caller of(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      return ANONYMOUS;
    }
    return new Caller(
        identity.getPrincipal().getName(),
        Optional.ofNullable(identity.<UUID>getAttribute(USER_ID)),
        Set.copyOf(identity.getRoles()),
        Optional.ofNullable(identity.<UUID>getAttribute(PUBLISHER_ID)));
  }

  public boolean has(String role) {
    return roles.contains(role);
  }

  public boolean isAdmin() {
    return has(Role.ADMIN_NAME);
  }

  /** True if the caller may change what {@code publisher} owns. */
  public boolean actsFor(UUID publisher) {
    return isAdmin()
        || (has(Role.PUBLISHER_NAME) && publisherId.filter(publisher::equals).isPresent());
  }
}
