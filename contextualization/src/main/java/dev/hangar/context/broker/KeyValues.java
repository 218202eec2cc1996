package dev.hangar.context.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The broker's wire format: UTF-8 text, one {@code key=value} per line. Keys are lower-case
 * letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit); a value is the
 * rest of the line, at most {@link #MAX_VALUE} characters without control characters other than
 * tab. Blank lines and lines starting with {@code #} are ignored; {@code \r\n} line ends are
 * accepted. Well-known keys are checked further: {@value SshHostKey#KEY} must be an SSH host key
 * line ({@link SshHostKey}).
 */
public final class KeyValues {
  /** Longest accepted value; an OpenSSH RSA 4096 host key line is about 730 characters. */
  public static final int MAX_VALUE = 4096;

  /** Most keys one VM may provide. */
  public static final int MAX_KEYS = 64;

  /** Keys the broker fills in itself, which a VM may not provide. */
  public static final Set<String> RESERVED = Set.of("hostname", "role");

  private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private KeyValues() {}

  /**
   * Parses what a VM provides, keeping the order given.
   *
   * @throws InvalidBrokerDataException naming the offending key (or {@code line N} when the line
   *     has no usable key), also for a well-known key with a value of the wrong form
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).trim();
      if (!KEY.matcher(key).matches()) {
        throw new InvalidBrokerDataException(
            "line " + (i + 1),
            "is not key=value with a key of lower-case letters, digits, '.', '_' or '-'");
      }
      if (RESERVED.contains(key)) {
        throw new InvalidBrokerDataException(key, "is set by the broker and cannot be provided");
      }
      String value = line.substring(eq + 1);
      if (value.length() > MAX_VALUE) {
        throw new InvalidBrokerDataException(key, "is longer than " + MAX_VALUE + " characters");
      }
      if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
        throw new InvalidBrokerDataException(key, "has control characters");
      }
      if (key.equals(SshHostKey.KEY)) {
        SshHostKey.check(key, value);
      }
      if (values.put(key, value) != null) {
        throw new InvalidBrokerDataException(key, "is given twice");
      }
      if (values.size() > MAX_KEYS) {
        throw new InvalidBrokerDataException("body", "has more than " + MAX_KEYS + " keys");
      }
    }
    return values;
  }

  /** Writes {@code values} as {@code key=value} lines in the map's order, each ending in '\n'. */
  public static String format(Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    values.forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
    return out.toString();
  }
}
