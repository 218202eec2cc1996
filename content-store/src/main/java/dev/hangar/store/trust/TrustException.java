package dev.hangar.store.trust;

/**
 * Thrown when signed metadata must not be trusted; subclasses name the specific attack or defect so
 * callers and audit logs can tell them apart.
 */
public class TrustException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names what was refused and why. */
  public TrustException(String message) {
    super(message);
  }

  /** Creates the exception with the underlying failure. */
  public TrustException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Returns a stable, lower-case code for the kind of refusal ({@code rollback}, {@code freeze},
   * {@code mix-and-match}, {@code untrusted-signer}, {@code revoked-signer}, {@code
   * threshold-not-met}, {@code malformed-metadata}), for problem documents and audit entries.
   */
  public String reason() {
    return "untrusted";
  }
}
