package dev.hangar.store.trust;

/**
 * Thrown when signed pieces do not belong together: a snapshot the timestamp does not name, a
 * manifest the snapshot does not list, or an artifact the manifest does not list.
 */
public class MixAndMatchException extends TrustException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the refused metadata. */
  public MixAndMatchException(String message) {
    super(message);
  }

  /** Creates the exception with the underlying failure. */
  public MixAndMatchException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return "mix-and-match";
  }
}
