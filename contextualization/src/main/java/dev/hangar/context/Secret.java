package dev.hangar.context;

/**
 * A value that may be written into a seed but never shown: {@link #toString()} hides it, so logging
 * a request or spec that holds one cannot leak it.
 *
 * @param value the secret text; a single line without NUL
 */
public record Secret(String value) {
  /** Rejects a missing, empty or multi-line value. */
  public Secret {
    Fields.singleLine("secret", value);
    if (value.isEmpty()) {
      throw new InvalidSeedException("secret", "must not be empty");
    }
  }

  @Override
  public String toString() {
    return "Secret[***]";
  }
}
