package dev.hangar.store;

/**
 * Validation of blob keys and list prefixes, shared by every {@link BlobStore} so that a key
 * accepted by one store is accepted by all.
 *
 * <p>A key is one or more {@code /}-separated segments. Segments must be non-empty and must not
 * start with {@code .} (this excludes {@code .} and {@code ..} and leaves the dot-namespace to the
 * store itself, e.g. {@link FileBlobStore}'s staging directory). Keys must not start or end with
 * {@code /}, must not contain control characters or {@code \}, and must be at most {@value
 * #MAX_KEY_LENGTH} characters long.
 */
public final class BlobKeys {

  /** Maximum key length in characters; S3 allows 1024 bytes, so stay below it. */
  public static final int MAX_KEY_LENGTH = 512;

  private BlobKeys() {}

  /**
   * Returns {@code key} if it is a valid blob key.
   *
   * @throws IllegalArgumentException naming the key and the rule it breaks
   */
  public static String requireValidKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("blob key must not be empty");
    }
    if (key.endsWith("/")) {
      throw new IllegalArgumentException("blob key must not end with '/': " + printable(key));
    }
    checkSegments(key);
    return key;
  }

  /**
   * Returns {@code prefix} if it is a valid list prefix: empty, or a valid key optionally followed
   * by {@code /}; its last segment may be partial (e.g. {@code chunks/a}).
   *
   * @throws IllegalArgumentException naming the prefix and the rule it breaks
   */
  public static String requireValidPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("list prefix must not be null (use \"\")");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (body.isEmpty()) {
      throw new IllegalArgumentException("list prefix must not start with '/'");
    }
    checkSegments(body);
    return prefix;
  }

  private static void checkSegments(String key) {
    if (key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "blob key longer than " + MAX_KEY_LENGTH + " characters: " + printable(key));
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c) || c == '\\') {
        throw new IllegalArgumentException(
            "blob key contains a control character or backslash at index "
                + i
                + ": "
                + printable(key));
      }
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException(
            "blob key has an empty segment (leading '/' or '//'): " + printable(key));
      }
      if (segment.startsWith(".")) {
        throw new IllegalArgumentException(
            "blob key segment must not start with '.' (rejects '.' and '..'): " + printable(key));
      }
    }
  }

  private static String printable(String key) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < Math.min(key.length(), 100); i++) {
      char c = key.charAt(i);
      out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
    }
    return out.append(key.length() > 100 ? "...\"" : "\"").toString();
  }
}
