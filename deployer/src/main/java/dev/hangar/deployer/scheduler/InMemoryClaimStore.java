package dev.hangar.deployer.scheduler;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ClaimStore} that keeps claims in this process only (tests, single-node setups). */
public final class InMemoryClaimStore implements ClaimStore {
  private final Map<UUID, Claim> claims = new ConcurrentHashMap<>();

  @Override
  public void save(Claim claim) {
    claims.put(claim.id(), claim);
  }

  @Override
  public void delete(UUID id) {
    claims.remove(id);
  }

  @Override
  public List<Claim> loadAll() {
    return List.copyOf(claims.values());
  }
}
