package dev.hangar.context;

/** The seed ISO could not be produced (tool missing, failed or timed out). */
public final class SeedIsoException extends RuntimeException {
  public SeedIsoException(String message) {
    super(message);
  }

  public SeedIsoException(String message, Throwable cause) {
    super(message, cause);
  }
}
