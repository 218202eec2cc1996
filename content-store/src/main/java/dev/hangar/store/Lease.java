package dev.hangar.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An upload lease: the object {@code leases/<id>} that keeps the collector from deleting anything
 * touched since {@link #start()} while the lease is live. An upload renews it as it goes ({@link
 * #renewIfDue()}); once expired it protects nothing and cannot be renewed, and commits under it
 * fail. Closing releases it. Not thread-safe.
 */
public final class Lease implements AutoCloseable {

  private final Liveness liveness;
  private final String key;
  private final Instant start;
  private Instant expiry;
  private boolean released;

  private Lease(Liveness liveness, String key, Instant start, Instant expiry) {
    this.liveness = liveness;
    this.key = key;
    this.start = start;
    this.expiry = expiry;
  }

  static Lease acquire(Liveness liveness) {
    Instant now = liveness.now();
    Lease lease =
        new Lease(
            Objects.requireNonNull(liveness),
            Liveness.LEASES + UUID.randomUUID(),
            now,
            now.plus(liveness.timings().leaseTtl()));
    liveness.write(new TimedRecord(lease.key, lease.start, lease.expiry));
    return lease;
  }

  /** Returns the lease's blob key {@code leases/<id>}. */
  public String key() {
    return key;
  }

  /** Returns when the lease was taken; objects touched since then are protected while it lives. */
  public Instant start() {
    return start;
  }

  /** Returns the current expiry. */
  public Instant expiry() {
    return expiry;
  }

  /**
   * Fails if the lease has expired or was released.
   *
   * @throws LeaseExpiredException if it is no longer live
   */
  public void ensureLive() throws LeaseExpiredException {
    Instant now = liveness.now();
    if (released || !now.isBefore(expiry)) {
      throw new LeaseExpiredException(
          "upload lease " + key + " expired at " + expiry + " (now " + now + ")");
    }
  }

  /**
   * Extends the lease by {@link StoreTimings#leaseTtl()} from now.
   *
   * @throws LeaseExpiredException if it already expired: what it protected may be gone
   */
  public void renew() throws LeaseExpiredException {
    ensureLive();
    Instant now = liveness.now();
    Instant next = now.plus(liveness.timings().leaseTtl());
    liveness.write(new TimedRecord(key, start, next));
    expiry = next;
  }

  /** Renews the lease once less than half of its time to live is left. */
  public void renewIfDue() throws LeaseExpiredException {
    ensureLive();
    Instant half = expiry.minus(liveness.timings().leaseTtl().dividedBy(2));
    if (!liveness.now().isBefore(half)) {
      renew();
    }
  }

  /** Deletes the lease object; idempotent. */
  @Override
  public void close() {
    if (!released) {
      released = true;
      liveness.blobs().delete(key);
    }
  }
}
