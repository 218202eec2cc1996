package dev.hangar.marketplace.account;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A user's role; each role includes the permissions of the roles it {@link #implied() implies}. */
public enum Role {
  CONSUMER,
  PUBLISHER,
  OPERATOR,
  ADMIN;

  /** Security role names as used in {@code @RolesAllowed}. */
  public static final String CONSUMER_NAME = "consumer";

  public static final String PUBLISHER_NAME = "publisher";
  public static final String OPERATOR_NAME = "operator";
  public static final String ADMIN_NAME = "admin";

  /** This role and every role whose permissions it includes. */
  public Set<Role> implied() {
    return switch (this) {
      case CONSUMER -> EnumSet.of(CONSUMER);
      case PUBLISHER -> EnumSet.of(CONSUMER, PUBLISHER);
      case OPERATOR -> EnumSet.of(CONSUMER, OPERATOR);
      case ADMIN -> EnumSet.allOf(Role.class);
    };
  }

  /** The security role names this role grants. */
  public Set<String> securityRoles() {
    return implied().stream().map(Role::securityName).collect(Collectors.toSet());
  }

  public String securityName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
