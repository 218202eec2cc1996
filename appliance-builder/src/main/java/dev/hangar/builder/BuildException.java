package dev.hangar.builder;

/** Thrown when an appliance cannot be built: a tool failed, a host file is missing or unusable. */
public final class BuildException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says what failed and why. */
  public BuildException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public BuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
