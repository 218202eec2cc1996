package dev.hangar.deployer.scheduler;

import java.util.List;
import java.util.UUID;

/**
 * Durable record of the claims held, so a restarted scheduler knows what is reserved.
 *
 * <p>The scheduler calls {@link #save} after reserving in memory and before returning the claim,
 * and {@link #delete} before releasing in memory; a failure of either is propagated and the
 * in-memory change is undone. Implementations must be thread-safe.
 */
public interface ClaimStore {
  /** Persists {@code claim}. */
  void save(Claim claim);

  /** Removes claim {@code id}; removing an absent claim succeeds. */
  void delete(UUID id);

  /** Every persisted claim. */
  List<Claim> loadAll();
}
