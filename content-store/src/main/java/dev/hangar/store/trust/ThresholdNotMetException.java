package dev.hangar.store.trust;

/** Thrown when fewer distinct trusted keys signed than the required threshold. */
public class ThresholdNotMetException extends TrustException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the refused metadata. */
  public ThresholdNotMetException(String message) {
    super(message);
  }

  /** Creates the exception with the underlying failure. */
  public ThresholdNotMetException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return "threshold-not-met";
  }
}
