package dev.hangar.deployer.libvirt;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a cache volume still holds the content its digest names, re-hashing it only when
 * libvirt's {@link VolumeStamp} of the volume differs from the one recorded at its last full
 * verification.
 *
 * <p>Why a matching stamp is enough: every write to the file, every truncate, rename or {@code
 * utimes} call sets its change time to the node's current time, and no system call sets a chosen
 * change time; so bytes changed after the recorded verification show up as a new {@code ctime}. One
 * gap remains, the one git calls "racy clean": a write within the same timestamp tick as the change
 * time read before hashing would leave {@code ctime} as recorded. A stamp is therefore only
 * recorded when hashing started at least {@link #RACY_MARGIN} after the volume's change time (on
 * this process's clock, assumed close to the node's); a volume verified right after it was staged
 * is re-hashed once more on its next use, after which its stamp holds. Out of scope: root on the
 * node, who can set the clock or write the block device under the file system.
 */
public final class VolumeVerifier {
  /** Minimum age of a volume's change time for a verification to be recorded. */
  public static final Duration RACY_MARGIN = Duration.ofSeconds(2);

  private final NodeImageCache cache;
  private final VerificationLedger ledger;
  private final Clock clock;

  /** Verifies volumes of {@code cache}, remembering verifications in {@code ledger}. */
  public VolumeVerifier(NodeImageCache cache, VerificationLedger ledger, Clock clock) {
    this.cache = cache;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** How a verification was settled. */
  public enum Outcome {
    /** libvirt reports the volume exactly as when it was last fully verified: no read needed. */
    UNCHANGED_SINCE_VERIFIED,
    /** The volume was read and hashed in full, and its digest matched. */
    REHASHED
  }

  /**
   * Ensures volume {@code name} holds content with SHA-256 {@code digestHex}.
   *
   * @throws VolumeDigestMismatchException if it holds other bytes (its record is dropped)
   * @throws LibvirtOperationException if the volume is missing or cannot be read
   */
  public Outcome verify(String name, String digestHex) {
    Optional<VolumeStamp> before = cache.stamp(name);
    if (before.isPresent() && ledger.vouchesFor(name, digestHex, before.get())) {
      return Outcome.UNCHANGED_SINCE_VERIFIED;
    }
    long started = clock.millis();
    try {
      cache.verifyVolume(name, digestHex);
    } catch (VolumeDigestMismatchException e) {
      ledger.forget(List.of(name));
      throw e;
    }
    Optional<VolumeStamp> after = cache.stamp(name);
    boolean settled =
        before.isPresent()
            && before.equals(after)
            && started - before.get().ctimeMillis() >= RACY_MARGIN.toMillis();
    if (settled) {
      ledger.record(name, digestHex, before.get());
    } else {
      ledger.forget(List.of(name));
    }
    return Outcome.REHASHED;
  }
}
