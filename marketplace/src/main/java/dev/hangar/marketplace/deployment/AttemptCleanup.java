package dev.hangar.marketplace.deployment;

import dev.hangar.deployer.Deployer;
import dev.hangar.deployer.DeploymentHandle;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.LibvirtOperationException;
import dev.hangar.deployer.libvirt.VmLifecycle;
import dev.hangar.deployer.libvirt.VmState;
import dev.hangar.marketplace.config.HangarConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Removes what an attempt left on its node and in the pool: the domain, every per-deployment volume
 * it could have made, the console log and the claim. Used after a crash (the dead process's
 * attempt), on destroy, and when a started VM is given up.
 */
@ApplicationScoped
public class AttemptCleanup {
  private final Deployer deployer;
  private final DeploymentRecords records;
  private final Placements placements;
  private final LibvirtConnections connections;
  private final HangarConfig config;

  public AttemptCleanup(
      Deployer deployer,
      DeploymentRecords records,
      Placements placements,
      LibvirtConnections connections,
      HangarConfig config) {
    this.deployer = deployer;
    this.records = records;
    this.placements = placements;
    this.connections = connections;
    this.config = config;
  }

  /**
   * Removes the attempt's domain and volumes from its node, releases its claim and clears the
   * attempt from the row. Safe to repeat.
   *
   * @throws dev.hangar.deployer.DeploymentException if the node cannot be cleaned (unreachable);
   *     the claim is then kept, since the capacity may still be in use
   */
  public void removeAttempt(DeploymentWork work) {
    if (work.nodeUri() != null) {
      deployer.destroy(records.handle(work.id()).map(h -> withAll(h, work)).orElse(all(work)));
    }
    releaseClaim(work.id(), work.claimId());
  }

  /** Releases {@code claimId} (if any) and clears the attempt, leaving the node alone. */
  public void releaseClaim(UUID id, UUID claimId) {
    if (claimId != null) {
      placements.release(claimId);
    }
    records.clearAttempt(id);
  }

  /** Whether the attempt's domain is running on its node now. */
  public boolean domainRunning(DeploymentWork work) {
    if (work.nodeUri() == null) {
      return false;
    }
    try {
      Optional<VmState> state =
          new VmLifecycle(connections.get(work.nodeUri())).state(work.domainName());
      return state.isPresent() && state.get() == VmState.RUNNING;
    } catch (LibvirtOperationException e) {
      return false;
    }
  }

  /**
   * A handle naming every per-deployment volume an attempt of {@code work} could have created, for
   * a crash that happened before the deployer returned its own handle.
   */
  DeploymentHandle all(DeploymentWork work) {
    return new DeploymentHandle(
        work.nodeUri(),
        work.domainName(),
        work.instanceId(),
        possibleVolumes(work),
        config.deployer().consoleDir().resolve(work.domainName() + "-serial.log"));
  }

  private DeploymentHandle withAll(DeploymentHandle recorded, DeploymentWork work) {
    List<String> volumes = new ArrayList<>(recorded.ownedVolumes());
    for (String v : possibleVolumes(work)) {
      if (!volumes.contains(v)) {
        volumes.add(v);
      }
    }
    return new DeploymentHandle(
        recorded.nodeUri(),
        recorded.domainName(),
        recorded.instanceId(),
        volumes,
        recorded.consoleLog());
  }

  private static List<String> possibleVolumes(DeploymentWork work) {
    // The names Deployer gives per-deployment volumes: seed, blank space, overlays.
    List<String> names = new ArrayList<>();
    names.add(work.domainName() + "-seed.iso");
    for (DeploymentWork.Partition p : work.version().partitions()) {
      names.add(work.domainName() + "-" + p.role() + ".img");
      names.add(work.domainName() + "-" + p.role() + ".qcow2");
    }
    return names;
  }
}
