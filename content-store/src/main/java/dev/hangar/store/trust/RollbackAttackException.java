package dev.hangar.store.trust;

/**
 * Thrown when metadata is older than metadata already accepted (a lower version, or an appliance
 * version below the highest seen on its channel).
 */
public class RollbackAttackException extends TrustException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the refused metadata. */
  public RollbackAttackException(String message) {
    super(message);
  }

  /** Creates the exception with the underlying failure. */
  public RollbackAttackException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return "rollback";
  }
}
