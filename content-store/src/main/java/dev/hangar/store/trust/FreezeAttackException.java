package dev.hangar.store.trust;

/** Thrown when a timestamp or snapshot has expired, so a mirror may be replaying stale metadata. */
public class FreezeAttackException extends TrustException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the refused metadata. */
  public FreezeAttackException(String message) {
    super(message);
  }

  /** Creates the exception with the underlying failure. */
  public FreezeAttackException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return "freeze";
  }
}
