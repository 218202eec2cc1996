package dev.hangar.store.trust;

/** Thrown when metadata carries no valid signature by any known, unrevoked key. */
public class UntrustedSignerException extends TrustException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the refused metadata. */
  public UntrustedSignerException(String message) {
    super(message);
  }

  /** Creates the exception with the underlying failure. */
  public UntrustedSignerException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return "untrusted-signer";
  }
}
