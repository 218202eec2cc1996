package dev.hangar.store.trust;

import java.io.IOException;

/**
 * Where a {@link FreshnessGuard} keeps its {@link FreshnessState}; the deployer may store it in a
 * file ({@link FileFreshnessStore}), a database row or anything durable.
 */
public interface FreshnessStore {

  /** Returns the last saved state, or {@link FreshnessState#initial()} if none was saved. */
  FreshnessState load() throws IOException;

  /** Durably replaces the state; after a crash {@link #load()} returns the old or the new one. */
  void save(FreshnessState state) throws IOException;
}
