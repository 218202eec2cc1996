package dev.hangar.builder.cli;

/** The exit codes of {@code hangar}, for scripts (README, "CLI"). */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** The command line was wrong: unknown command or option, missing argument, no token. */
  public static final int USAGE = 1;

  /** The marketplace refused or does not know it (HTTP 4xx: not found, forbidden, conflict). */
  public static final int REFUSED = 2;

  /** A signature, trust policy or file hash did not verify. */
  public static final int VERIFICATION_FAILED = 3;

  /** The marketplace could not be reached or failed (connection error, HTTP 5xx). */
  public static final int UNAVAILABLE = 4;

  /** The work itself failed: a build step, a deployment that ended FAILED, a local file. */
  public static final int FAILED = 5;

  /** A {@code --wait} gave up before the deployment reached the state waited for. */
  public static final int TIMEOUT = 6;

  private ExitCodes() {}

  /** Returns the exit code for an HTTP error status: 4xx refused, anything else unavailable. */
  public static int forHttpStatus(int status) {
    return status >= 400 && status < 500 ? REFUSED : UNAVAILABLE;
  }
}
