package dev.hangar.store.trust;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version, ordered by SemVer precedence (build metadata is ignored by
 * {@link #compareTo} but kept in {@link #toString}).
 *
 * @param major major version
 * @param minor minor version
 * @param patch patch version
 * @param preRelease dot-separated pre-release identifiers, empty for a release
 * @param build build metadata after {@code +}, empty if none
 */
public record SemVer(
    BigInteger major, BigInteger minor, BigInteger patch, List<String> preRelease, String build)
    implements Comparable<SemVer> {

  // The official SemVer 2.0.0 regular expression (semver.org), in Java syntax.
  private static final Pattern SEMVER =
      Pattern.compile(
          "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

  /** Validates and defensively copies the components. */
  public SemVer {
    Objects.requireNonNull(major, "major");
    Objects.requireNonNull(minor, "minor");
    Objects.requireNonNull(patch, "patch");
    preRelease = List.copyOf(preRelease);
    Objects.requireNonNull(build, "build");
  }

  /**
   * Parses {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}.
   *
   * @throws IllegalArgumentException if {@code text} is not a valid SemVer 2.0.0 version
   */
  public static SemVer parse(String text) {
    Matcher m = SEMVER.matcher(Objects.requireNonNull(text, "text"));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a SemVer 2.0.0 version: " + text);
    }
    return new SemVer(
        new BigInteger(m.group(1)),
        new BigInteger(m.group(2)),
        new BigInteger(m.group(3)),
        m.group(4) == null ? List.of() : List.of(m.group(4).split("\\.")),
        m.group(5) == null ? "" : m.group(5));
  }

  @Override
  public int compareTo(SemVer other) {
    int c = major.compareTo(other.major);
    if (c == 0) {
      c = minor.compareTo(other.minor);
    }
    if (c == 0) {
      c = patch.compareTo(other.patch);
    }
    if (c != 0) {
      return c;
    }
    // A release ranks above any of its pre-releases.
    if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
      return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
    }
    for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
      c = compareIdentifier(preRelease.get(i), other.preRelease.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(preRelease.size(), other.preRelease.size());
  }

  private static int compareIdentifier(String a, String b) {
    boolean numA = a.chars().allMatch(Character::isDigit);
    boolean numB = b.chars().allMatch(Character::isDigit);
    if (numA && numB) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (numA != numB) {
      return numA ? -1 : 1; // numeric identifiers have lower precedence
    }
    return a.compareTo(b); // ASCII order
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append(major).append('.').append(minor);
    s.append('.').append(patch);
    if (!preRelease.isEmpty()) {
      s.append('-').append(String.join(".", preRelease));
    }
    if (!build.isEmpty()) {
      s.append('+').append(build);
    }
    return s.toString();
  }
}
