package dev.hangar.deployer.scheduler;

import dev.hangar.deployer.pool.NodePool;
import dev.hangar.deployer.pool.PoolSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses nodes for VMs and reserves capacity on them.
 *
 * <p>Thread-safe. {@link #place} never overcommits a node however many threads call it: the
 * reservation is one compare-and-set on the node's usage word, re-checked against the caps, and a
 * lost race simply searches again with the new usage. Placements in the same affinity group are
 * serialised on the group, so two anti-affine members cannot both pick the same empty node. The
 * node list is rebuilt into a {@link Topology} only when the pool's snapshot version changes.
 *
 * <p>A node drained after a search but before its reservation may still receive that one claim;
 * draining stops new placements, it does not fence in-flight ones.
 */
public final class Scheduler {
  private final NodePool pool;
  private final ClaimStore store;
  private final Map<String, NodeUsage> usageByNode = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Integer>> groups = new ConcurrentHashMap<>();
  private final Map<UUID, Claim> active = new ConcurrentHashMap<>();
  private final ThreadLocal<PlacementSearch> searches;
  private final SchedulerConfig config;
  private volatile Topology topology;

  /**
   * Schedules onto {@code pool}'s ACTIVE nodes, weighing cache locality from {@code cacheIndex},
   * persisting claims in {@code store}; claims already in the store are restored as reserved.
   */
  public Scheduler(NodePool pool, CacheIndex cacheIndex, ClaimStore store, SchedulerConfig config) {
    this.pool = pool;
    this.store = store;
    this.config = config;
    this.searches = ThreadLocal.withInitial(() -> new PlacementSearch(config, cacheIndex));
    this.topology = new Topology(new PoolSnapshot(-1, List.of()), config, this::usage);
    for (Claim claim : store.loadAll()) {
      active.put(claim.id(), claim);
      usage(claim.nodeId()).add(claim.vcpus(), claim.memoryMiB());
      claim.group().ifPresent(group -> adjustGroup(group, claim.nodeId(), 1));
    }
  }

  /** The node {@code request} would be placed on now, without reserving anything. */
  public Optional<Placement> decide(PlacementRequest request) {
    Topology t = topology();
    PlacementSearch search = searches.get();
    int index;
    if (request.group().isPresent()) {
      Map<String, Integer> members = groupMembers(request.group().get().name());
      synchronized (members) {
        index = search.search(t, request, members);
      }
    } else {
      index = search.search(t, request, Map.of());
    }
    if (index < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Placement(
            t.ids[index],
            t.typeNames.get(search.bestType),
            search.bestMemoryMiB,
            search.bestScore));
  }

  /**
   * Chooses a node for {@code request} and reserves its vCPUs and memory (plus overhead) there;
   * empty if no ACTIVE node fits. The claim is persisted before it is returned.
   *
   * @throws RuntimeException whatever the {@link ClaimStore} throws; the reservation is then undone
   */
  public Optional<Claim> place(PlacementRequest request) {
    Optional<Claim> claim;
    if (request.group().isPresent()) {
      Map<String, Integer> members = groupMembers(request.group().get().name());
      synchronized (members) {
        claim = reserve(request, members);
        claim.ifPresent(c -> members.merge(c.nodeId(), 1, Integer::sum));
      }
    } else {
      claim = reserve(request, Map.of());
    }
    claim.ifPresent(this::persist);
    return claim;
  }

  /** Releases {@code claim}'s reservation; releasing an unknown or released claim does nothing. */
  public void release(Claim claim) {
    if (active.remove(claim.id()) == null) {
      return;
    }
    try {
      store.delete(claim.id());
    } catch (RuntimeException e) {
      active.put(claim.id(), claim);
      throw e;
    }
    usage(claim.nodeId()).subtract(claim.vcpus(), claim.memoryMiB());
    claim.group().ifPresent(group -> adjustGroup(group, claim.nodeId(), -1));
  }

  /** vCPUs and MiB currently reserved on node {@code nodeId}. */
  public Reserved reserved(String nodeId) {
    long used = usage(nodeId).get();
    return new Reserved(NodeUsage.vcpus(used), NodeUsage.memoryMiB(used));
  }

  /**
   * Capacity reserved on one node.
   *
   * @param vcpus reserved virtual CPUs
   * @param memoryMiB reserved MiB, overhead included
   */
  public record Reserved(int vcpus, long memoryMiB) {}

  private Optional<Claim> reserve(PlacementRequest request, Map<String, Integer> members) {
    PlacementSearch search = searches.get();
    while (true) {
      Topology t = topology();
      int index = search.search(t, request, members);
      if (index < 0) {
        return Optional.empty();
      }
      long memory = search.bestMemoryMiB;
      if (t.usage[index].tryReserve(
          request.vcpus(), memory, t.vcpuCap[index], t.memoryCapMiB[index])) {
        Claim claim =
            new Claim(
                newClaimId(),
                t.ids[index],
                t.typeNames.get(search.bestType),
                request.vcpus(),
                memory,
                request.group().map(PlacementGroup::name));
        active.put(claim.id(), claim);
        return Optional.of(claim);
      }
      // Lost the race for that node's last room: search again with the updated usage.
    }
  }

  /**
   * A random (version 4) UUID from the thread-local generator: claim ids must be unique, not
   * unguessable, and {@link UUID#randomUUID()}'s shared SecureRandom serialises concurrent callers.
   */
  private static UUID newClaimId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }

  private void persist(Claim claim) {
    try {
      store.save(claim);
    } catch (RuntimeException e) {
      active.remove(claim.id());
      usage(claim.nodeId()).subtract(claim.vcpus(), claim.memoryMiB());
      claim.group().ifPresent(group -> adjustGroup(group, claim.nodeId(), -1));
      throw e;
    }
  }

  private Topology topology() {
    PoolSnapshot snapshot = pool.snapshot();
    Topology current = topology;
    if (current.version == snapshot.version()) {
      return current;
    }
    synchronized (this) {
      if (topology.version != snapshot.version()) {
        topology = new Topology(snapshot, config, this::usage);
      }
      return topology;
    }
  }

  private NodeUsage usage(String nodeId) {
    return usageByNode.computeIfAbsent(nodeId, id -> new NodeUsage());
  }

  private Map<String, Integer> groupMembers(String group) {
    return groups.computeIfAbsent(group, g -> new HashMap<>());
  }

  private void adjustGroup(String group, String nodeId, int delta) {
    Map<String, Integer> members = groupMembers(group);
    synchronized (members) {
      members.merge(nodeId, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
  }
}
