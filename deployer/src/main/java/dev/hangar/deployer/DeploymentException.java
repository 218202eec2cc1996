package dev.hangar.deployer;

/** A deploy or destroy failed; the message names the domain and the phase that failed. */
public final class DeploymentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String domainName;
  private final String phase;

  /** Reports that {@code phase} of deploying {@code domainName} failed because of {@code cause}. */
  public DeploymentException(String domainName, String phase, Throwable cause) {
    super(
        "deployment of " + domainName + " failed in phase " + phase + ": " + cause.getMessage(),
        cause);
    this.domainName = domainName;
    this.phase = phase;
  }

  /** Reports a precondition failure in {@code phase}. */
  public DeploymentException(String domainName, String phase, String message) {
    super("deployment of " + domainName + " failed in phase " + phase + ": " + message);
    this.domainName = domainName;
    this.phase = phase;
  }

  /** Domain the failed deployment was for. */
  public String domainName() {
    return domainName;
  }

  /** Phase that failed, e.g. {@code kernel}, {@code partition:root}, {@code boot}. */
  public String phase() {
    return phase;
  }
}
