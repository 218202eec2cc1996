package dev.hangar.context;

import java.util.regex.Pattern;

/** Field checks shared by the seed records; each failure names the field it rejects. */
final class Fields {
  static final Pattern HOSTNAME =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final Pattern SSH_KEY =
      Pattern.compile(
          "(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( [^\\n\\r]*)?");
  private static final Pattern PATH_SEGMENT = Pattern.compile("[^/\\x00\\n\\r]+");

  private Fields() {}

  static <T> T require(String field, T value) {
    if (value == null) {
      throw new InvalidSeedException(field, "is required");
    }
    return value;
  }

  /** An absolute, normalised path: no empty, '.' or '..' segments, no NUL or line breaks. */
  static String absolutePath(String field, String value) {
    require(field, value);
    if (!value.startsWith("/")) {
      throw new InvalidSeedException(field, "must be an absolute path");
    }
    if (value.equals("/")) {
      return value;
    }
    for (String segment : value.substring(1).split("/", -1)) {
      if (!PATH_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidSeedException(
            field, "must be a normalised absolute path without NUL or line breaks");
      }
    }
    return value;
  }

  static String devicePath(String field, String value) {
    absolutePath(field, value);
    if (!value.startsWith("/dev/") || value.length() == "/dev/".length()) {
      throw new InvalidSeedException(field, "must be a device under /dev/");
    }
    return value;
  }

  static String noNul(String field, String value) {
    require(field, value);
    if (value.indexOf('\0') >= 0) {
      throw new InvalidSeedException(field, "must not contain NUL");
    }
    return value;
  }

  static String singleLine(String field, String value) {
    noNul(field, value);
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new InvalidSeedException(field, "must be a single line of text");
    }
    return value;
  }

  static String matching(String field, String value, Pattern pattern, String expectation) {
    require(field, value);
    if (!pattern.matcher(value).matches()) {
      throw new InvalidSeedException(field, expectation);
    }
    return value;
  }

  static String hostname(String field, String value) {
    return matching(field, value, HOSTNAME, "must be a lower-case RFC 1123 host name");
  }

  static String sshKey(String field, String value) {
    return matching(field, value, SSH_KEY, "is not an OpenSSH public key line");
  }
}
