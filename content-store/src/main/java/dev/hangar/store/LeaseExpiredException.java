package dev.hangar.store;

import java.io.IOException;

/**
 * An upload's lease expired before it committed, so the collector may already have deleted chunks
 * it uploaded; the upload must start again with a new lease.
 */
public final class LeaseExpiredException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the lease key. */
  public LeaseExpiredException(String message) {
    super(message);
  }
}
