package dev.hangar.marketplace.deployment;

import dev.hangar.deployer.pool.NodePool;
import dev.hangar.deployer.scheduler.Claim;
import dev.hangar.deployer.scheduler.PlacementRequest;
import dev.hangar.deployer.scheduler.Scheduler;
import dev.hangar.marketplace.deployment.DeploymentWork.VersionFiles;
import dev.hangar.marketplace.pool.CapacityTakenException;
import dev.hangar.marketplace.pool.PgClaimStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a deployment into a scheduler request and a persisted claim: the version's size, arch and
 * partition digests (for cache locality), the caller's node or labels, and the nodes earlier
 * attempts already failed on.
 */
@ApplicationScoped
public class Placements {
  /** How often a placement is retried elsewhere when another instance took the chosen room. */
  private static final int CONFLICT_RETRIES = 8;

  private final Scheduler scheduler;
  private final NodePool pool;
  private final PgClaimStore claims;

  public Placements(Scheduler scheduler, NodePool pool, PgClaimStore claims) {
    this.scheduler = scheduler;
    this.pool = pool;
    this.claims = claims;
  }

  /**
   * A claim and the URI of the node it is on.
   *
   * @param claim the reserved capacity
   * @param nodeUri libvirt URI of {@code claim.nodeId()}
   */
  public record Placed(Claim claim, String nodeUri) {}

  /** Whether node {@code name} is registered. */
  public boolean nodeExists(String name) {
    return pool.get(name).isPresent();
  }

  /** The node a deployment of {@code version} would go to now, reserving nothing. */
  public Optional<String> decide(VersionFiles version, String node, Map<String, String> labels) {
    return scheduler.decide(request(version, node, labels, Set.of())).map(p -> p.nodeId());
  }

  /**
   * Places {@code work} on a node it has not been tried on and persists the claim; empty when no
   * such node has room.
   */
  public Optional<Placed> place(DeploymentWork work) {
    Set<String> excluded = new HashSet<>(work.triedNodes());
    for (int i = 0; i < CONFLICT_RETRIES; i++) {
      PlacementRequest request =
          request(work.version(), work.requestedNode(), work.requestedLabels(), excluded);
      try {
        Optional<Claim> claim = scheduler.place(request);
        if (claim.isEmpty()) {
          return Optional.empty();
        }
        String uri = pool.get(claim.get().nodeId()).orElseThrow().node().uri();
        return Optional.of(new Placed(claim.get(), uri));
      } catch (CapacityTakenException e) {
        // Another instance filled that node; this instance's view of it is stale, try elsewhere.
        excluded.add(e.node());
      }
    }
    return Optional.empty();
  }

  /** Releases claim {@code id}, whichever instance made it; releasing it twice does nothing. */
  public void release(UUID id) {
    Optional<Claim> claim = claims.find(id);
    if (claim.isPresent()) {
      scheduler.release(claim.get());
    }
    // The scheduler only forgets claims it made itself; the store deletes any.
    claims.delete(id);
  }

  /** Digests of the cacheable files of {@code version}, with their sizes. */
  public static Map<String, Long> cacheable(VersionFiles version) {
    Map<String, Long> files = new java.util.LinkedHashMap<>();
    files.put(version.kernelDigest(), version.kernelSize());
    files.put(version.initrdDigest(), version.initrdSize());
    for (DeploymentWork.Partition p : version.partitions()) {
      if (p.digest() != null) {
        files.put(p.digest(), p.sizeBytes());
      }
    }
    return files;
  }

  private static PlacementRequest request(
      VersionFiles version, String node, Map<String, String> labels, Set<String> excluded) {
    List<String> digests = new ArrayList<>(cacheable(version).keySet());
    PlacementRequest request =
        PlacementRequest.of(version.vcpus(), version.memoryMib(), version.arch())
            .withLabels(labels)
            .withPartitions(digests)
            .excluding(excluded);
    return node == null ? request : request.onNodes(Set.of(node));
  }
}
