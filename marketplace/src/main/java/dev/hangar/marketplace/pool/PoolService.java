package dev.hangar.marketplace.pool;

import dev.hangar.deployer.pool.CacheContents;
import dev.hangar.deployer.pool.Node;
import dev.hangar.deployer.pool.NodePool;
import dev.hangar.deployer.pool.NodeState;
import dev.hangar.deployer.pool.PooledNode;
import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.audit.AuditLog;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.pool.NodeApi.CacheDto;
import dev.hangar.marketplace.pool.NodeApi.CreateNode;
import dev.hangar.marketplace.pool.NodeApi.NodeDto;
import dev.hangar.marketplace.pool.NodeApi.VolumeDto;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The pool as operators see it: nodes registered from configuration at start and through the API,
 * drain/maintenance/activate, removal, and the list with capacity, usage and cache contents. A
 * background pass ({@link PoolSync#refresh()}) probes every node each {@code
 * hangar.deployer.health-interval}.
 */
@ApplicationScoped
public class PoolService {
  /** Name of the node registered from {@code hangar.deployer.node-uri} when no nodes are set. */
  public static final String LOCAL_NODE = "local";

  private static final Logger LOG = Logger.getLogger(PoolService.class);

  private final NodeRegistry registry;
  private final NodePool pool;
  private final PoolSync sync;
  private final HangarConfig config;
  private final AuditLog audit;
  private ScheduledExecutorService health;

  public PoolService(
      NodeRegistry registry, NodePool pool, PoolSync sync, HangarConfig config, AuditLog audit) {
    this.registry = registry;
    this.pool = pool;
    this.sync = sync;
    this.config = config;
    this.audit = audit;
  }

  /**
   * Registers the configured nodes (before the job worker starts: it observes start-up later) and
   * probes the pool once, then every health interval.
   */
  void onStart(@Observes @Priority(10) StartupEvent event) {
    Map<String, HangarConfig.NodeConfig> configured = config.deployer().nodes();
    if (configured.isEmpty()) {
      upsertConfigured(LOCAL_NODE, config.deployer().nodeUri(), Map.of(), "local");
    } else {
      configured.forEach((name, n) -> upsertConfigured(name, n.uri(), n.labels(), n.site()));
    }
    sync.refresh();
    health =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hangar-pool-health");
              t.setDaemon(true);
              return t;
            });
    long every = config.deployer().healthInterval().toMillis();
    health.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (health != null) {
      health.shutdownNow();
    }
  }

  private void upsertConfigured(String name, String uri, Map<String, String> labels, String site) {
    new Node(name, uri, NodeState.ACTIVE, labels, site); // validates the configured URI
    Optional<NodeRecord> existing = registry.find(name);
    if (existing.isEmpty()) {
      registry.insert(name, uri, NodeState.ACTIVE, labels, site, "CONFIG");
    } else if (!existing.get().uri().equals(uri) || !existing.get().labels().equals(labels)) {
      registry.updateConfigured(name, uri, labels);
    }
  }

  private void refreshQuietly() {
    try {
      sync.refresh();
    } catch (RuntimeException e) {
      LOG.warnf(e, "pool health pass failed");
    }
  }

  /** Every node with its state, capacity, usage and cache. */
  public List<NodeDto> list() {
    return registry.list().stream().map(this::toDto).toList();
  }

  /** Node {@code name}, or 404. */
  public NodeDto get(String name) {
    return registry.find(name).map(this::toDto).orElseThrow(() -> notFound(name));
  }

  /**
   * Registers a node and probes it at once; an unreachable node is registered DOWN.
   *
   * @throws ApiException 400 for a malformed or unsupported URI, 409 for a taken name or URI
   */
  public NodeDto register(Caller caller, CreateNode request) {
    Map<String, String> labels = request.labels() == null ? Map.of() : request.labels();
    String site = request.site() == null ? "local" : request.site();
    try {
      new Node(request.name(), request.uri(), NodeState.ACTIVE, labels, site);
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("uri", e.getMessage());
    }
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                registry.insert(
                    request.name(), request.uri(), NodeState.ACTIVE, labels, site, "API");
                audit.record(caller, "register", "node", request.name(), request.uri());
              });
    } catch (NodeRegistry.DuplicateNodeException e) {
      throw ApiException.conflict(e.getMessage() + " is already registered");
    }
    sync.refresh();
    return get(request.name());
  }

  /** Stops new placements on the node; what runs there stays. */
  public NodeDto drain(Caller caller, String name) {
    return transition(caller, name, NodeState.DRAINING);
  }

  /** Takes the node out of service entirely. */
  public NodeDto maintenance(Caller caller, String name) {
    return transition(caller, name, NodeState.MAINTENANCE);
  }

  /** Returns a drained or maintained node to service. */
  public NodeDto activate(Caller caller, String name) {
    return transition(caller, name, NodeState.ACTIVE);
  }

  private NodeDto transition(Caller caller, String name, NodeState target) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              if (!registry.setState(name, target)) {
                throw notFound(name);
              }
              audit.record(caller, target.name().toLowerCase(Locale.ROOT), "node", name, null);
            });
    sync.reconcile();
    return get(name);
  }

  /**
   * Removes a node from the pool.
   *
   * @throws ApiException 404 for an unknown node, 409 while VMs still hold claims on it
   */
  public void remove(Caller caller, String name) {
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                if (!registry.delete(name)) {
                  throw notFound(name);
                }
                audit.record(caller, "remove", "node", name, null);
              });
    } catch (IllegalStateException e) {
      throw ApiException.conflict(
          "node " + name + " still runs deployments; drain it and destroy them first");
    }
    sync.forget(name);
  }

  /** The libvirt URI of node {@code name}, if it is registered. */
  public Optional<String> uri(String name) {
    return pool.get(name).map(p -> p.node().uri());
  }

  private NodeDto toDto(NodeRecord r) {
    Optional<PooledNode> pooled = pool.get(r.name());
    String state =
        switch (r.state()) {
          case DRAINING, MAINTENANCE -> r.state().name();
          default ->
              pooled.map(p -> p.node().state()).orElse(NodeState.DOWN) == NodeState.ACTIVE
                  ? "UP"
                  : "DOWN";
        };
    PoolSync.CacheView view = sync.cache(r.name());
    CacheContents contents = view.contents();
    List<VolumeDto> volumes =
        contents.volumes().stream()
            .map(
                v ->
                    new VolumeDto(
                        v.digest(),
                        v.sizeBytes(),
                        sync.lastUsed(r.name(), v.digest()),
                        view.pinnedPaths().contains(v.path())))
            .toList();
    String arch =
        r.arches().contains("x86_64") ? "x86_64" : r.arches().stream().findFirst().orElse(null);
    return new NodeDto(
        r.name(),
        r.uri(),
        state,
        arch,
        r.arches(),
        r.domainTypes(),
        r.labels(),
        r.site(),
        r.cpus(),
        r.memoryMiB(),
        r.vcpuCap(),
        r.memoryCapMiB(),
        r.usedCpus(),
        r.usedMemoryMiB(),
        r.lastError(),
        new CacheDto(contents.capacityBytes(), contents.usedBytes(), volumes));
  }

  private static ApiException notFound(String name) {
    return ApiException.notFound("node " + name);
  }
}
