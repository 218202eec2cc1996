package dev.hangar.deployer;

import dev.hangar.deployer.domain.DirectKernelBoot;
import dev.hangar.deployer.domain.Disk;
import dev.hangar.deployer.domain.DomainSpec;
import dev.hangar.deployer.domain.DomainType;
import dev.hangar.deployer.domain.DomainXmlWriter;
import dev.hangar.deployer.domain.KvmDetector;
import dev.hangar.deployer.domain.LifecycleAction;
import dev.hangar.deployer.domain.NetworkInterface;
import dev.hangar.deployer.domain.SerialConsole;
import dev.hangar.deployer.domain.Sysinfo;
import dev.hangar.deployer.libvirt.LibvirtOperationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One deploy call: stage, create per-deployment volumes, verify, define and start; tracks what it
 * created so a failure undoes exactly that. Phases, in order: {@code kernel}, {@code initrd},
 * {@code partition:<role>} (one per partition), {@code seed}, {@code describe}, {@code verify},
 * {@code boot}.
 */
final class DeployAttempt {
  private static final System.Logger LOG = System.getLogger(DeployAttempt.class.getName());

  private final DeploymentPlan plan;
  private final DeployListener listener;
  private final BootGate gate;
  private final NodeSession node;
  private final PartitionSource source;
  private final NodeLayout layout;
  private final KvmDetector kvmDetector;
  private final DomainXmlWriter xmlWriter;
  private final CacheConfig cacheConfig;
  private final Set<String> planVolumes = new HashSet<>();
  private final List<String> createdVolumes = new ArrayList<>();
  private String phase = "connect";

  DeployAttempt(
      DeploymentPlan plan,
      DeployListener listener,
      BootGate gate,
      NodeSession node,
      PartitionSource source,
      NodeLayout layout,
      KvmDetector kvmDetector,
      DomainXmlWriter xmlWriter,
      CacheConfig cacheConfig) {
    this.plan = plan;
    this.listener = listener;
    this.gate = gate;
    this.node = node;
    this.source = source;
    this.layout = layout;
    this.kvmDetector = kvmDetector;
    this.xmlWriter = xmlWriter;
    this.cacheConfig = cacheConfig;
    plan.cachedContent().forEach(file -> planVolumes.add(file.volumeName()));
  }

  DeploymentHandle run() {
    try {
      if (node.vm().exists(plan.domainName())) {
        throw new DeploymentException(plan.domainName(), phase, "domain already exists");
      }
    } catch (LibvirtOperationException e) {
      throw new DeploymentException(plan.domainName(), phase, e);
    }
    try {
      DomainSpec spec = stageAndDescribe();
      node.policy().touchAll(planVolumes);
      // Re-checks every cache volume the domain will read right before it is defined, so bytes
      // changed in the cache after staging are never booted (cheap when libvirt reports the
      // volume unchanged since its last full verification, see VolumeVerifier).
      phase = "verify";
      node.verifyAll(plan.cachedContent(), phase, listener);
      phase = "trust";
      gate.beforeBoot(plan);
      phase = "boot";
      listener.onProgress(phase, 0, 1);
      node.vm().defineAndStart(xmlWriter.write(spec));
      listener.onProgress(phase, 1, 1);
      return new DeploymentHandle(
          plan.nodeUri(), plan.domainName(), plan.instanceId(), createdVolumes, consoleLogPath());
    } catch (RuntimeException e) {
      // Not swallowed: every failure is rethrown, after undoing this attempt's side effects.
      DeploymentException failure = new DeploymentException(plan.domainName(), phase, e);
      undo(failure);
      throw failure;
    }
  }

  private DomainSpec stageAndDescribe() {
    String kernel = stage("kernel", plan.kernel());
    String initrd = stage("initrd", plan.initrd());
    List<Disk> disks = new ArrayList<>();
    for (int i = 0; i < plan.partitions().size(); i++) {
      disks.add(partitionDisk(plan.partitions().get(i), i));
    }
    phase = "seed";
    listener.onProgress(phase, 0, plan.seedIso().length);
    String seedVolume = plan.domainName() + "-seed.iso";
    String seedPath = node.cache().createVolumeFromBytes(seedVolume, plan.seedIso());
    createdVolumes.add(seedVolume);
    listener.onProgress(phase, plan.seedIso().length, plan.seedIso().length);
    disks.add(
        new Disk(Disk.Device.CDROM, Disk.Bus.SCSI, "sda", seedPath, Disk.Format.RAW, true, false));
    phase = "describe";
    createConsoleLogDir();
    DomainSpec spec =
        new DomainSpec(
                plan.domainName(),
                UUID.nameUUIDFromBytes(
                    ("hangar-instance:" + plan.instanceId()).getBytes(StandardCharsets.UTF_8)),
                domainType(),
                plan.memoryMiB(),
                plan.vcpus(),
                layout.arch(),
                new DirectKernelBoot(kernel, initrd, plan.cmdline()),
                disks,
                Optional.of(new SerialConsole(consoleLogPath().toString())),
                LifecycleAction.DESTROY,
                LifecycleAction.RESTART,
                LifecycleAction.DESTROY)
            .withInterfaces(List.of(networkInterface()));
    DomainSpec labelled = node.cache().guestLabel().map(spec::withDacLabel).orElse(spec);
    return plan.smbiosSerial()
        .map(serial -> labelled.withSysinfo(Sysinfo.serial(serial)))
        .orElse(labelled);
  }

  /** One virtio NIC: on the layout's libvirt network, else user-mode networking. */
  private NetworkInterface networkInterface() {
    String mac = NetworkInterface.macFor(plan.instanceId());
    return layout
        .network()
        .map(name -> NetworkInterface.onNetwork(name, mac))
        .orElseGet(() -> NetworkInterface.userMode(mac));
  }

  private Disk partitionDisk(PartitionPlan partition, int index) {
    String target =
        partition.targetDev() != null ? partition.targetDev() : "vd" + (char) ('a' + index);
    String role = partition.role();
    switch (partition.kind()) {
      case EMPTY -> {
        phase = "partition:" + role;
        String name = plan.domainName() + "-" + role + ".img";
        String path = node.cache().createBlank(name, partition.sizeBytes());
        createdVolumes.add(name);
        listener.onProgress(phase, 1, 1);
        return new Disk(
            Disk.Device.DISK, Disk.Bus.VIRTIO, target, path, Disk.Format.RAW, false, false);
      }
      case SHARED_READONLY -> {
        String path = stage("partition:" + role, partition.content());
        return new Disk(
            Disk.Device.DISK, Disk.Bus.VIRTIO, target, path, Disk.Format.RAW, true, true);
      }
      case COPY_ON_WRITE -> {
        stage("partition:" + role, partition.content());
        String name = plan.domainName() + "-" + role + ".qcow2";
        String path = node.cache().createOverlay(partition.content().volumeName(), name);
        createdVolumes.add(name);
        return new Disk(
            Disk.Device.DISK, Disk.Bus.VIRTIO, target, path, Disk.Format.QCOW2, false, false);
      }
      default -> throw new IllegalArgumentException("unknown partition kind " + partition.kind());
    }
  }

  /**
   * Returns the node path of {@code file}'s cache volume, uploading it first on a cache miss; under
   * a cap, least-recently-used volumes this plan does not need are evicted to make room.
   */
  private String stage(String stagePhase, StagedFile file) {
    phase = stagePhase;
    if (cacheConfig.capped() && !node.cache().hasComplete(file.volumeName(), file.size())) {
      List<String> evicted =
          node.policy().makeRoom(file.size(), cacheConfig.capBytes(), planVolumes).evicted();
      node.ledger().forget(evicted);
      if (!evicted.isEmpty()) {
        LOG.log(Level.INFO, "evicted {0} from the cache of {1}", evicted, plan.nodeUri());
      }
    }
    return node.cache()
        .ensureVolume(
            file.volumeName(),
            file.size(),
            () ->
                new DigestVerifyingInputStream(
                    source.open(file.digestHex()), file.digestHex(), file.size()),
            (done, total) -> listener.onProgress(stagePhase, done, total));
  }

  private DomainType domainType() {
    return kvmDetector.detect(node.capabilities());
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

  private void undo(DeploymentException failure) {
    if (phase.equals("boot")) {
      // The domain did not exist before this attempt (checked up front), so it is ours.
      try {
        node.vm().destroyAndUndefine(plan.domainName());
      } catch (LibvirtOperationException e) {
        failure.addSuppressed(e);
      }
    }
    for (String volume : createdVolumes) {
      try {
        node.cache().deleteVolume(volume);
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
