package dev.hangar.store;

/**
 * A commit waited {@link StoreTimings#sweepWait()} for a running garbage-collection sweep to end
 * and gave up; retrying later succeeds once the sweep is over.
 */
public final class StoreBusyException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  /** Creates a retryable exception naming the sweep record that blocked the commit. */
  public StoreBusyException(String message) {
    super(message, true);
  }
}
