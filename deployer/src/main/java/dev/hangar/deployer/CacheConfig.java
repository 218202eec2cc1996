package dev.hangar.deployer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the deployer keeps node image caches.
 *
 * @param stateDir deployer-side directory for per-node cache state: last use of each volume (for
 *     LRU eviction) and the verification ledger (for cheap re-verification); losing it costs one
 *     full re-hash per volume and resets the LRU order, nothing else
 * @param capBytes most bytes the content-addressed volumes of one node's cache may take; staging
 *     evicts least-recently-used unpinned volumes to stay under it ({@link Long#MAX_VALUE}: no cap)
 */
public record CacheConfig(Path stateDir, long capBytes) {
  /** Rejects a missing directory and a non-positive cap. */
  public CacheConfig {
    Objects.requireNonNull(stateDir, "stateDir");
    if (capBytes <= 0) {
      throw new IllegalArgumentException("capBytes must be positive: " + capBytes);
    }
  }

  /** State under {@code hangar-deployer} in the temporary directory, no cap. */
  public static CacheConfig defaults() {
    return new CacheConfig(
        Path.of(System.getProperty("java.io.tmpdir"), "hangar-deployer"), Long.MAX_VALUE);
  }

  /** True when staging has to make room under a cap. */
  boolean capped() {
    return capBytes != Long.MAX_VALUE;
  }
}
