package dev.hangar.context;

/**
 * A seed request value that cloud-init could not use; {@link #field()} names the offending field.
 */
public final class InvalidSeedException extends IllegalArgumentException {
  private final String field;

  public InvalidSeedException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
