package dev.hangar.builder.publish;

/** The marketplace refused a publishing step, or could not be reached; the message says which. */
public final class PublishException extends RuntimeException {
  private final int status;

  public PublishException(String message, int status) {
    super(message);
    this.status = status;
  }

  public PublishException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status the marketplace answered with, or 0 when it was not reached. */
  public int status() {
    return status;
  }
}
