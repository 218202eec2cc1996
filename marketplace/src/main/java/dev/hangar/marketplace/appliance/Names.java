package dev.hangar.marketplace.appliance;

/** Shared syntax rules for names that appear in URLs, volume names and domain names. */
public final class Names {
  /** Lower-case letters, digits and inner '-', 1-64 characters: safe in paths and libvirt names. */
  public static final String NAME = "[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?";

  public static final String NAME_RULE =
      "must be 1-64 lower-case letters, digits or inner '-' (no path separators or control characters)";

  /** Semantic version 2.0.0. */
  public static final String SEMVER =
      "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?";

  /** A SHA-256 digest as written in the API: {@code sha256:} and 64 lower-case hex digits. */
  public static final String DIGEST = "sha256:[0-9a-f]{64}";

  private Names() {}
}
