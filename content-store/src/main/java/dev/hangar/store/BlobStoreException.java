package dev.hangar.store;

/**
 * A {@link BlobStore} operation failed; {@link #retryable()} tells whether repeating the identical
 * call later may succeed.
 *
 * <p>Unchecked because every blob store call can fail this way and callers mostly propagate it; the
 * few that retry decide on {@link #retryable()} rather than on the concrete subtype.
 */
public class BlobStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /** Creates an exception whose message should name the object key concerned. */
  public BlobStoreException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Creates an exception without a cause. */
  public BlobStoreException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  /**
   * Returns true if the failure is likely transient (network error, server-side 5xx, throttling) so
   * the same call may succeed later; false if repeating it unchanged will fail again.
   */
  public boolean retryable() {
    return retryable;
  }
}
