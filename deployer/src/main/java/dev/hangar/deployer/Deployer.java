package dev.hangar.deployer;

import dev.hangar.deployer.domain.DomainXmlWriter;
import dev.hangar.deployer.domain.KvmDetector;
import dev.hangar.deployer.libvirt.CachePolicy;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.LibvirtOperationException;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.VmLifecycle;
import dev.hangar.deployer.libvirt.VmState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;
import org.libvirt.Connect;

/**
 * Deploys appliance instances onto libvirt nodes and destroys them again.
 *
 * <p>A deploy either completes (domain running, handle returned) or undoes everything it created
 * and throws {@link DeploymentException}. Deploys (and starts, which verify the cache) to the same
 * node are serialised, so two deploys staging the same content never race to create the same cache
 * volume, and the per-node cache state files (LRU, verification ledger) have one writer.
 */
public final class Deployer {
  private static final System.Logger LOG = System.getLogger(Deployer.class.getName());
  private static final Duration CONSOLE_POLL = Duration.ofMillis(250);

  private final LibvirtConnections connections;
  private final PartitionSource source;
  private final NodeLayouts layouts;
  private final KvmDetector kvmDetector;
  private final CacheConfig cacheConfig;
  private final Clock clock;
  private final DomainXmlWriter xmlWriter = new DomainXmlWriter();
  private final ConcurrentMap<String, Object> nodeLocks = new ConcurrentHashMap<>();

  /** Deploys with {@link CacheConfig#defaults()}: no cache cap, state in the temp directory. */
  public Deployer(
      LibvirtConnections connections,
      PartitionSource source,
      NodeLayout layout,
      KvmDetector kvmDetector) {
    this(connections, source, layout, kvmDetector, CacheConfig.defaults(), Clock.systemUTC());
  }

  /**
   * Deploys content read from {@code source} onto nodes laid out as {@code layout}, keeping each
   * node's cache as {@code cacheConfig} says.
   */
  public Deployer(
      LibvirtConnections connections,
      PartitionSource source,
      NodeLayout layout,
      KvmDetector kvmDetector,
      CacheConfig cacheConfig,
      Clock clock) {
    this(connections, source, NodeLayouts.uniform(layout), kvmDetector, cacheConfig, clock);
  }

  /**
   * Deploys content read from {@code source} onto nodes laid out as {@code layouts} says for each,
   * keeping each node's cache as {@code cacheConfig} says.
   */
  public Deployer(
      LibvirtConnections connections,
      PartitionSource source,
      NodeLayouts layouts,
      KvmDetector kvmDetector,
      CacheConfig cacheConfig,
      Clock clock) {
    this.connections = connections;
    this.source = source;
    this.layouts = layouts;
    this.kvmDetector = kvmDetector;
    this.cacheConfig = cacheConfig;
    this.clock = clock;
  }

  /** Deploys {@code plan} without progress reporting. */
  public DeploymentHandle deploy(DeploymentPlan plan) {
    return deploy(plan, DeployListener.NONE);
  }

  /**
   * Stages {@code plan}'s content into the node cache, creates the per-deployment volumes, defines
   * the domain and starts it.
   *
   * @throws DeploymentException if any step fails; what this call created has been removed
   */
  public DeploymentHandle deploy(DeploymentPlan plan, DeployListener listener) {
    return deploy(plan, listener, BootGate.OPEN);
  }

  /**
   * As {@link #deploy(DeploymentPlan, DeployListener)}, asking {@code gate} once more right before
   * the domain is defined (after staging and re-checking the cache volumes).
   *
   * @throws DeploymentException if any step fails or the gate refuses (phase {@code trust})
   */
  public DeploymentHandle deploy(DeploymentPlan plan, DeployListener listener, BootGate gate) {
    synchronized (nodeLock(plan.nodeUri())) {
      NodeSession node;
      try {
        node = session(plan.nodeUri());
      } catch (LibvirtOperationException e) {
        throw new DeploymentException(plan.domainName(), "connect", e);
      }
      return new DeployAttempt(
              plan,
              listener,
              gate,
              node,
              source,
              layouts.of(plan.nodeUri()),
              kvmDetector,
              xmlWriter,
              cacheConfig)
          .run();
    }
  }

  /**
   * Shuts the deployment's guest down, powering it off hard if it is still running after {@code
   * grace}; the domain and its volumes stay, so {@link #start} boots it again.
   *
   * @return true when the guest shut down by itself within {@code grace}
   * @throws DeploymentException in phase {@code stop} if libvirt fails or the domain is gone
   */
  public boolean stop(DeploymentHandle handle, Duration grace) throws InterruptedException {
    try {
      return new VmLifecycle(connections.get(handle.nodeUri())).stop(handle.domainName(), grace);
    } catch (LibvirtOperationException e) {
      throw new DeploymentException(handle.domainName(), "stop", e);
    }
  }

  /**
   * Boots a stopped deployment again, after checking (phase {@code verify}) that every cache volume
   * in {@code cachedContent} (its plan's {@link DeploymentPlan#cachedContent()}) still holds its
   * digest; starting a running deployment only re-checks. The console log starts afresh.
   *
   * @throws DeploymentException naming the phase ({@code verify} or {@code start}) that failed
   */
  public void start(DeploymentHandle handle, List<StagedFile> cachedContent) {
    String phase = "connect";
    synchronized (nodeLock(handle.nodeUri())) {
      try {
        NodeSession node = session(handle.nodeUri());
        phase = "verify";
        node.verifyAll(cachedContent, phase, DeployListener.NONE);
        node.policy().touchAll(cachedContent.stream().map(StagedFile::volumeName).toList());
        phase = "start";
        node.vm().start(handle.domainName());
      } catch (RuntimeException e) {
        throw new DeploymentException(handle.domainName(), phase, e);
      }
    }
  }

  /**
   * Stops the deployment as {@link #stop} does and starts it again as {@link #start} does: a guest
   * that ignores the shutdown request is reset after {@code grace}.
   */
  public void reboot(DeploymentHandle handle, List<StagedFile> cachedContent, Duration grace)
      throws InterruptedException {
    stop(handle, grace);
    start(handle, cachedContent);
  }

  /**
   * The content-addressed volumes in {@code nodeUri}'s cache, with size, last use and whether a
   * domain pins them.
   */
  public List<CachePolicy.CachedVolume> cachedVolumes(String nodeUri) {
    synchronized (nodeLock(nodeUri)) {
      return session(nodeUri).policy().volumes();
    }
  }

  private Object nodeLock(String nodeUri) {
    return nodeLocks.computeIfAbsent(nodeUri, uri -> new Object());
  }

  private NodeSession session(String nodeUri) {
    return NodeSession.open(
        connections.get(nodeUri), nodeUri, layouts.of(nodeUri), cacheConfig, clock);
  }

  /**
   * Stops and undefines the deployment's domain and deletes its per-deployment volumes and console
   * log; cache volumes stay. Safe to repeat.
   */
  public void destroy(DeploymentHandle handle) {
    Connect connection = connections.get(handle.nodeUri());
    try {
      new VmLifecycle(connection).destroyAndUndefine(handle.domainName());
      NodeLayout layout = layouts.of(handle.nodeUri());
      NodeImageCache cache = new NodeImageCache(connection, layout.poolName(), layout.poolDir());
      for (String volume : handle.ownedVolumes()) {
        cache.deleteVolume(volume);
      }
      // The log is only reachable when the node is this host; for remote nodes this is a no-op.
      Files.deleteIfExists(handle.consoleLog());
    } catch (LibvirtOperationException e) {
      throw new DeploymentException(handle.domainName(), "destroy", e);
    } catch (IOException e) {
      throw new DeploymentException(handle.domainName(), "destroy", e);
    }
  }

  /**
   * Waits until the deployment's serial console log contains {@code text}; returns false on timeout
   * or when the domain stops first. Reads the log locally, so the node must be this host.
   */
  public boolean waitForConsoleText(DeploymentHandle handle, String text, Duration timeout)
      throws InterruptedException {
    return waitForConsoleText(handle, text, timeout, () -> false);
  }

  /**
   * Like {@link #waitForConsoleText(DeploymentHandle, String, Duration)}, but also returns false as
   * soon as {@code giveUp} answers true (asked once per poll), e.g. when the guest reported its
   * outcome by another channel.
   */
  public boolean waitForConsoleText(
      DeploymentHandle handle, String text, Duration timeout, BooleanSupplier giveUp)
      throws InterruptedException {
    VmLifecycle vm = new VmLifecycle(connections.get(handle.nodeUri()));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (consoleContains(handle, text)) {
        return true;
      }
      Optional<VmState> state = vm.state(handle.domainName());
      boolean stopped =
          state.isEmpty() || state.get() == VmState.SHUT_OFF || state.get() == VmState.CRASHED;
      if (stopped) {
        // The guest may have printed the text just before stopping.
        return consoleContains(handle, text);
      }
      if (System.nanoTime() > deadline || giveUp.getAsBoolean()) {
        return false;
      }
      Thread.sleep(CONSOLE_POLL.toMillis());
    }
  }

  /** Current serial console output of the deployment, or empty if nothing was logged yet. */
  public String consoleOutput(DeploymentHandle handle) {
    try {
      return Files.exists(handle.consoleLog())
          ? Files.readString(handle.consoleLog(), StandardCharsets.ISO_8859_1)
          : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console log " + handle.consoleLog(), e);
    }
  }

  /**
   * The IPv4 addresses the guest has reported on its console so far ({@code HANGAR-NET} lines), in
   * order; empty before the agent configured its network. Reads the log locally, like {@link
   * #consoleOutput}.
   */
  public List<GuestAddress> consoleAddresses(DeploymentHandle handle) {
    return GuestAddress.parseConsole(consoleOutput(handle));
  }

  private boolean consoleContains(DeploymentHandle handle, String text) {
    return consoleOutput(handle).contains(text);
  }
}
