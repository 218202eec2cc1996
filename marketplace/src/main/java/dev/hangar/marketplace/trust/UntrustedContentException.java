package dev.hangar.marketplace.trust;

/**
 * What a deployment is about to stage or boot is refused by the trust checks: the site policy, the
 * freshness guard (rollback, freeze, mix-and-match, untrusted or revoked signer, threshold not met)
 * or a file missing from the signed manifest. Mapped to a 409 problem whose {@code type} ends in
 * the {@link #reason()}.
 */
public final class UntrustedContentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Prefix of the problem {@code type}; the reason code follows it. */
  public static final String TYPE_PREFIX = "https://hangar.dev/problems/trust/";

  private final String reason;

  /** Reports why the content may not boot, without a more specific reason. */
  public UntrustedContentException(String message) {
    this("untrusted", message);
  }

  /** Reports a refusal of kind {@code reason} (e.g. {@code rollback}, {@code freeze}). */
  public UntrustedContentException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The kind of refusal, a stable lower-case code. */
  public String reason() {
    return reason;
  }
}
