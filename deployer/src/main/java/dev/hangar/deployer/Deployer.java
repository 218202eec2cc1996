package dev.hangar.deployer;

import dev.hangar.deployer.domain.DirectKernelBoot;
import dev.hangar.deployer.domain.Disk;
import dev.hangar.deployer.domain.DomainSpec;
import dev.hangar.deployer.domain.DomainType;
import dev.hangar.deployer.domain.DomainXmlWriter;
import dev.hangar.deployer.domain.KvmDetector;
import dev.hangar.deployer.domain.LifecycleAction;
import dev.hangar.deployer.domain.SerialConsole;
import dev.hangar.deployer.domain.Sysinfo;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.LibvirtOperationException;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.VmLifecycle;
import dev.hangar.deployer.libvirt.VmState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * Deploys appliance instances onto libvirt nodes and destroys them again.
 *
 * <p>A deploy either completes (domain running, handle returned) or undoes everything it created
 * and throws {@link DeploymentException}. Deploys to the same node are serialised, so two deploys
 * staging the same content never race to create the same cache volume.
 */
public final class Deployer {
  private static final System.Logger LOG = System.getLogger(Deployer.class.getName());
  private static final Duration CONSOLE_POLL = Duration.ofMillis(250);

  private final LibvirtConnections connections;
  private final PartitionSource source;
  private final NodeLayout layout;
  private final KvmDetector kvmDetector;
  private final DomainXmlWriter xmlWriter = new DomainXmlWriter();
  private final ConcurrentMap<String, Object> nodeLocks = new ConcurrentHashMap<>();

  /** Deploys content read from {@code source} onto nodes laid out as {@code layout}. */
  public Deployer(
      LibvirtConnections connections,
      PartitionSource source,
      NodeLayout layout,
      KvmDetector kvmDetector) {
    this.connections = connections;
    this.source = source;
    this.layout = layout;
    this.kvmDetector = kvmDetector;
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
    synchronized (nodeLocks.computeIfAbsent(plan.nodeUri(), uri -> new Object())) {
      return new Attempt(plan, listener).run();
    }
  }

  /**
   * Stops and undefines the deployment's domain and deletes its per-deployment volumes and console
   * log; cache volumes stay. Safe to repeat.
   */
  public void destroy(DeploymentHandle handle) {
    Connect connection = connections.get(handle.nodeUri());
    try {
      new VmLifecycle(connection).destroyAndUndefine(handle.domainName());
      NodeImageCache cache = cache(connection);
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

  private boolean consoleContains(DeploymentHandle handle, String text) {
    return consoleOutput(handle).contains(text);
  }

  private NodeImageCache cache(Connect connection) {
    return new NodeImageCache(connection, layout.poolName(), layout.poolDir());
  }

  /** One deploy call: tracks what it created so a failure can undo exactly that. */
  private final class Attempt {
    private final DeploymentPlan plan;
    private final DeployListener listener;
    private final List<String> createdVolumes = new ArrayList<>();
    private String phase = "connect";

    Attempt(DeploymentPlan plan, DeployListener listener) {
      this.plan = plan;
      this.listener = listener;
    }

    DeploymentHandle run() {
      Connect connection;
      VmLifecycle vm;
      try {
        connection = connections.get(plan.nodeUri());
        vm = new VmLifecycle(connection);
        if (vm.exists(plan.domainName())) {
          throw new DeploymentException(plan.domainName(), phase, "domain already exists");
        }
      } catch (LibvirtOperationException e) {
        throw new DeploymentException(plan.domainName(), phase, e);
      }
      NodeImageCache cache = cache(connection);
      try {
        DomainSpec spec = stageAndDescribe(connection, cache);
        verifyCachedVolumes(cache);
        phase = "boot";
        listener.onProgress(phase, 0, 1);
        vm.defineAndStart(xmlWriter.write(spec));
        listener.onProgress(phase, 1, 1);
        return new DeploymentHandle(
            plan.nodeUri(), plan.domainName(), plan.instanceId(), createdVolumes, consoleLogPath());
      } catch (RuntimeException e) {
        // Not swallowed: every failure is rethrown, after undoing this attempt's side effects.
        DeploymentException failure = new DeploymentException(plan.domainName(), phase, e);
        undo(vm, cache, failure);
        throw failure;
      }
    }

    /**
     * Re-hashes every cache volume the domain will read (kernel, initrd, shared and base
     * partitions) against the plan's digests right before the domain is defined, so bytes changed
     * in the cache after staging are never booted.
     */
    private void verifyCachedVolumes(NodeImageCache cache) {
      phase = "verify";
      List<StagedFile> cached = new ArrayList<>(List.of(plan.kernel(), plan.initrd()));
      for (PartitionPlan p : plan.partitions()) {
        if (p.kind() != PartitionPlan.Kind.EMPTY) {
          cached.add(p.content());
        }
      }
      long total = cached.stream().mapToLong(StagedFile::size).sum();
      long done = 0;
      listener.onProgress(phase, done, total);
      for (StagedFile file : cached) {
        cache.verifyVolume(file.volumeName(), file.digestHex());
        done += file.size();
        listener.onProgress(phase, done, total);
      }
    }

    private DomainSpec stageAndDescribe(Connect connection, NodeImageCache cache) {
      String kernel = stage(cache, "kernel", plan.kernel());
      String initrd = stage(cache, "initrd", plan.initrd());
      List<Disk> disks = new ArrayList<>();
      for (int i = 0; i < plan.partitions().size(); i++) {
        disks.add(partitionDisk(cache, plan.partitions().get(i), i));
      }
      phase = "seed";
      listener.onProgress(phase, 0, plan.seedIso().length);
      String seedVolume = plan.domainName() + "-seed.iso";
      String seedPath = cache.createVolumeFromBytes(seedVolume, plan.seedIso());
      createdVolumes.add(seedVolume);
      listener.onProgress(phase, plan.seedIso().length, plan.seedIso().length);
      disks.add(
          new Disk(
              Disk.Device.CDROM, Disk.Bus.SCSI, "sda", seedPath, Disk.Format.RAW, true, false));
      phase = "describe";
      createConsoleLogDir();
      DomainSpec spec =
          new DomainSpec(
              plan.domainName(),
              UUID.nameUUIDFromBytes(
                  ("hangar-instance:" + plan.instanceId()).getBytes(StandardCharsets.UTF_8)),
              domainType(connection),
              plan.memoryMiB(),
              plan.vcpus(),
              layout.arch(),
              new DirectKernelBoot(kernel, initrd, plan.cmdline()),
              disks,
              Optional.of(new SerialConsole(consoleLogPath().toString())),
              LifecycleAction.DESTROY,
              LifecycleAction.RESTART,
              LifecycleAction.DESTROY);
      return plan.smbiosSerial()
          .map(serial -> spec.withSysinfo(Sysinfo.serial(serial)))
          .orElse(spec);
    }

    private Disk partitionDisk(NodeImageCache cache, PartitionPlan partition, int index) {
      String target =
          partition.targetDev() != null ? partition.targetDev() : "vd" + (char) ('a' + index);
      String role = partition.role();
      switch (partition.kind()) {
        case EMPTY -> {
          phase = "partition:" + role;
          String name = plan.domainName() + "-" + role + ".img";
          String path = cache.createBlank(name, partition.sizeBytes());
          createdVolumes.add(name);
          listener.onProgress(phase, 1, 1);
          return new Disk(
              Disk.Device.DISK, Disk.Bus.VIRTIO, target, path, Disk.Format.RAW, false, false);
        }
        case SHARED_READONLY -> {
          String path = stage(cache, "partition:" + role, partition.content());
          return new Disk(
              Disk.Device.DISK, Disk.Bus.VIRTIO, target, path, Disk.Format.RAW, true, true);
        }
        case COPY_ON_WRITE -> {
          stage(cache, "partition:" + role, partition.content());
          String name = plan.domainName() + "-" + role + ".qcow2";
          String path = cache.createOverlay(partition.content().volumeName(), name);
          createdVolumes.add(name);
          return new Disk(
              Disk.Device.DISK, Disk.Bus.VIRTIO, target, path, Disk.Format.QCOW2, false, false);
        }
        default -> throw new IllegalArgumentException("unknown partition kind " + partition.kind());
      }
    }

    private String stage(NodeImageCache cache, String stagePhase, StagedFile file) {
      phase = stagePhase;
      return cache.ensureVolume(
          file.volumeName(),
          file.size(),
          () -> new DigestVerifyingInputStream(source.open(file.digestHex()), file.digestHex()),
          (done, total) -> listener.onProgress(stagePhase, done, total));
    }

    private DomainType domainType(Connect connection) {
      try {
        return kvmDetector.detect(connection.getCapabilities());
      } catch (LibvirtException e) {
        throw new LibvirtOperationException("read capabilities of " + plan.nodeUri(), e);
      }
    }

    /** virtlogd writes the serial log but does not create its directory. */
    private void createConsoleLogDir() {
      try {
        Files.createDirectories(layout.consoleLogDir());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create console log directory " + layout.consoleLogDir(), e);
      }
    }

    private Path consoleLogPath() {
      return layout.consoleLogDir().resolve(plan.domainName() + "-serial.log");
    }

    private void undo(VmLifecycle vm, NodeImageCache cache, DeploymentException failure) {
      if (phase.equals("boot")) {
        // The domain did not exist before this attempt (checked up front), so it is ours.
        try {
          vm.destroyAndUndefine(plan.domainName());
        } catch (LibvirtOperationException e) {
          failure.addSuppressed(e);
        }
      }
      for (String volume : createdVolumes) {
        try {
          cache.deleteVolume(volume);
        } catch (LibvirtOperationException e) {
          failure.addSuppressed(e);
        }
      }
      LOG.log(
          Level.WARNING,
          "deployment of {0} failed in phase {1}; removed volumes {2}",
          plan.domainName(),
          phase,
          createdVolumes);
    }
  }
}
