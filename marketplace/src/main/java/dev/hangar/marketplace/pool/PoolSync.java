package dev.hangar.marketplace.pool;

import dev.hangar.deployer.NodeLayout;
import dev.hangar.deployer.NodeLayouts;
import dev.hangar.deployer.libvirt.CachePolicy;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.LibvirtOperationException;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.pool.CacheContents;
import dev.hangar.deployer.pool.CacheProbe;
import dev.hangar.deployer.pool.HealthReport;
import dev.hangar.deployer.pool.Node;
import dev.hangar.deployer.pool.NodeCapacity;
import dev.hangar.deployer.pool.NodePool;
import dev.hangar.deployer.pool.NodeState;
import dev.hangar.deployer.pool.PooledNode;
import dev.hangar.deployer.scheduler.CacheIndex;
import dev.hangar.deployer.scheduler.SchedulerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps this instance's in-memory {@link NodePool} and {@link CacheIndex} in step with the {@code
 * vmm_node} table and with the nodes themselves: nodes registered, removed or re-stated by any
 * instance are picked up, every node is probed (capacity, reachability, image cache), and probe
 * results are written back for the API and the claim store's caps.
 */
@ApplicationScoped
public class PoolSync {
  private static final Logger LOG = Logger.getLogger(PoolSync.class);

  private final NodeRegistry registry;
  private final NodePool pool;
  private final CacheIndex cacheIndex;
  private final CacheProbe cacheProbe;
  private final LibvirtConnections connections;
  private final SchedulerConfig schedulerConfig;
  private final NodeLayouts layouts;
  private final Map<String, CacheView> caches = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();

  /** A node's cache at the last refresh, with the paths defined domains use. */
  record CacheView(CacheContents contents, Set<String> pinnedPaths) {}

  public PoolSync(
      NodeRegistry registry,
      NodePool pool,
      CacheIndex cacheIndex,
      CacheProbe cacheProbe,
      LibvirtConnections connections,
      SchedulerConfig schedulerConfig,
      NodeLayouts layouts) {
    this.registry = registry;
    this.pool = pool;
    this.cacheIndex = cacheIndex;
    this.cacheProbe = cacheProbe;
    this.connections = connections;
    this.schedulerConfig = schedulerConfig;
    this.layouts = layouts;
  }

  /**
   * Brings the pool up to date with the table, probes every node and refreshes every reachable
   * node's cache. Safe to call from several threads; each call does a whole pass.
   */
  public synchronized void refresh() {
    reconcile();
    HealthReport report = pool.checkHealth();
    for (PooledNode pooled : pool.snapshot().nodes()) {
      String name = pooled.node().id();
      String failure = report.failures().get(name);
      if (failure != null) {
        registry.recordProbe(name, NodeRegistry.Probed.unreachable(truncate(failure)));
      } else if (report.states().containsKey(name) && pooled.capacity().isPresent()) {
        registry.recordProbe(name, probed(pooled.capacity().get()));
        refreshCache(pooled.node());
      }
    }
  }

  /** Makes the in-memory pool hold exactly the table's nodes, in the table's operator states. */
  public synchronized void reconcile() {
    List<NodeRecord> records = registry.list();
    Set<String> names = records.stream().map(NodeRecord::name).collect(Collectors.toSet());
    for (PooledNode pooled : pool.snapshot().nodes()) {
      if (!names.contains(pooled.node().id())) {
        forget(pooled.node().id());
      }
    }
    for (NodeRecord r : records) {
      Node wanted = new Node(r.name(), r.uri(), r.state(), r.labels(), r.site());
      Optional<PooledNode> current = pool.get(r.name());
      if (current.isEmpty()) {
        pool.register(wanted);
        continue;
      }
      Node have = current.get().node();
      boolean sameState =
          have.state() == r.state()
              || (have.state() == NodeState.DOWN && r.state() == NodeState.ACTIVE);
      if (!sameState || !have.uri().equals(r.uri()) || !have.labels().equals(r.labels())) {
        // An operator (on any instance) changed the node: their record wins over our view.
        pool.remove(r.name());
        if (current.get().capacity().isPresent() && have.uri().equals(r.uri())) {
          pool.register(wanted, current.get().capacity().get());
        } else {
          pool.register(wanted);
        }
      }
    }
  }

  /** Drops node {@code name} from the pool and the cache index. */
  public synchronized void forget(String name) {
    pool.remove(name);
    cacheIndex.forgetNode(name);
    caches.remove(name);
  }

  /** Records that a deploy just staged or used {@code digests} on node {@code name}. */
  public void recordUse(String name, Map<String, Long> digests) {
    Instant now = Clock.systemUTC().instant();
    digests.forEach(
        (digest, size) -> {
          cacheIndex.record(name, digest, size);
          lastUsed.put(name + " " + digest, now);
        });
  }

  /** When a deploy on this instance last used {@code digest} on node {@code name}. */
  public Instant lastUsed(String name, String digest) {
    return lastUsed.get(name + " " + digest);
  }

  /** Node {@code name}'s cache at the last refresh; empty before the first one. */
  public CacheView cache(String name) {
    return caches.getOrDefault(name, new CacheView(CacheContents.empty(), Set.of()));
  }

  private void refreshCache(Node node) {
    try {
      var connection = connections.get(node.uri());
      NodeLayout layout = layouts.of(node.uri());
      CacheContents contents = cacheProbe.read(connection, layout.poolName());
      Set<String> pinned =
          contents.volumes().isEmpty()
              ? Set.of()
              : new CachePolicy(
                      new NodeImageCache(connection, layout.poolName(), layout.poolDir()),
                      connection,
                      null,
                      Clock.systemUTC())
                  .pinnedPaths();
      Set<String> held = new HashSet<>();
      for (CacheContents.CachedVolume v : contents.volumes()) {
        cacheIndex.record(node.id(), v.digest(), v.sizeBytes());
        held.add(v.digest());
      }
      CacheView previous = caches.put(node.id(), new CacheView(contents, pinned));
      if (previous != null) {
        for (CacheContents.CachedVolume v : previous.contents().volumes()) {
          if (!held.contains(v.digest())) {
            cacheIndex.forget(node.id(), v.digest());
          }
        }
      }
    } catch (LibvirtOperationException e) {
      LOG.warnf("cannot list the image cache of node %s: %s", node.id(), e.getMessage());
    }
  }

  private NodeRegistry.Probed probed(NodeCapacity capacity) {
    int vcpuCap = (int) Math.floor(capacity.cpus() * schedulerConfig.cpuAllocationRatio());
    long memoryCap = Math.max(0, capacity.memoryMiB() - schedulerConfig.hostReservedMiB());
    return new NodeRegistry.Probed(
        null,
        capacity.cpus(),
        capacity.memoryMiB(),
        capacity.arches(),
        capacity.domainTypes(),
        vcpuCap,
        memoryCap);
  }

  private static String truncate(String s) {
    return s.length() <= 1000 ? s : s.substring(0, 997) + "...";
  }
}
