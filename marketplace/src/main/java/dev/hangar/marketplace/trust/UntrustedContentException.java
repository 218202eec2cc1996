package dev.hangar.marketplace.trust;

/** What a deployment is about to boot is not allowed by the trust policy or not in its manifest. */
public final class UntrustedContentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Reports why the content may not boot. */
  public UntrustedContentException(String message) {
    super(message);
  }
}
