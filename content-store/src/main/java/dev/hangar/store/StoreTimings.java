package dev.hangar.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits of the garbage-collection protocol (FORMAT.md, "Garbage collection").
 *
 * @param grace an unreferenced object is deleted only once its last touch is older than this; every
 *     upload must commit within it (its lease keeps it safe longer)
 * @param leaseTtl how long an upload lease is valid without renewal; uploads renew it when half of
 *     it is left
 * @param sweepTtl how long a collector's sweep record is valid; the collector stops deleting once
 *     it has expired, so a stalled collector cannot delete on stale decisions
 * @param sweepWait how long (real time) a commit waits for running sweeps to finish before it fails
 *     with a retryable {@link StoreBusyException}
 */
public record StoreTimings(
    Duration grace, Duration leaseTtl, Duration sweepTtl, Duration sweepWait) {

  /** Validates that the durations are non-negative and {@code leaseTtl < grace}. */
  public StoreTimings {
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(leaseTtl, "leaseTtl");
    Objects.requireNonNull(sweepTtl, "sweepTtl");
    Objects.requireNonNull(sweepWait, "sweepWait");
    if (grace.isNegative()
        || leaseTtl.isNegative()
        || sweepTtl.isNegative()
        || sweepWait.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative: " + grace);
    }
    if (leaseTtl.compareTo(grace) >= 0) {
      throw new IllegalArgumentException("leaseTtl " + leaseTtl + " must be below grace " + grace);
    }
  }

  /** Returns the defaults: grace 6 h, lease 10 min, sweep record 10 min, commit waits 10 min. */
  public static StoreTimings defaults() {
    return new StoreTimings(
        Duration.ofHours(6),
        Duration.ofMinutes(10),
        Duration.ofMinutes(10),
        Duration.ofMinutes(10));
  }
}
