package dev.hangar.builder.cli;

/** Ends a command with {@link #exitCode()} and a message for the user (never a secret). */
public final class CliException extends RuntimeException {
  private final int exitCode;

  /** Fails with {@code exitCode} (one of {@link ExitCodes}) and {@code message}. */
  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** Fails with {@code exitCode}, keeping {@code cause} for {@code HANGAR_DEBUG}. */
  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Returns the process exit code. */
  public int exitCode() {
    return exitCode;
  }
}
