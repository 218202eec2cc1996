package dev.hangar.deployer.reconcile;

import java.time.Duration;

/**
 * How the reconciler corrects drift.
 *
 * @param maxRestarts how many times within {@code restartWindow} a domain found shut off or crashed
 *     is started again; one found down after that many restarts fails its deployment
 * @param restartWindow the window restarts are counted in
 * @param orphanGrace how long an orphan (a domain, volume or claim nothing live owns) must have
 *     been one before it is removed; covers the moments a deploy holds resources it has not
 *     recorded yet
 */
public record ReconcilePolicy(int maxRestarts, Duration restartWindow, Duration orphanGrace) {
  public ReconcilePolicy {
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("maxRestarts must not be negative");
    }
    if (restartWindow.isNegative() || orphanGrace.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }

  /** Three restarts per hour, orphans removed after ten minutes. */
  public static ReconcilePolicy defaults() {
    return new ReconcilePolicy(3, Duration.ofHours(1), Duration.ofMinutes(10));
  }
}
