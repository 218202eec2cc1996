package dev.hangar.store.trust;

/**
 * Thrown when the only signatures by a publisher's keys are by keys revoked before the signature
 * time: the signer is known, but its key no longer counts.
 */
public class RevokedSignerException extends UntrustedSignerException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the revoked key. */
  public RevokedSignerException(String message) {
    super(message);
  }

  @Override
  public String reason() {
    return "revoked-signer";
  }
}
