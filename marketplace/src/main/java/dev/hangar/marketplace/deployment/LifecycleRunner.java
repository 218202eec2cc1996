package dev.hangar.marketplace.deployment;

import dev.hangar.deployer.Deployer;
import dev.hangar.deployer.DeploymentException;
import dev.hangar.deployer.DeploymentHandle;
import dev.hangar.deployer.DeploymentPlan;
import dev.hangar.deployer.PartitionPlan;
import dev.hangar.deployer.StagedFile;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.deployment.DeploymentWork.VersionFiles;
import dev.hangar.marketplace.trust.DeployGuard;
import dev.hangar.marketplace.trust.UntrustedContentException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.UUID;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Carries out stop, start and reboot requests in the background and records the outcome: STOPPED,
 * READY once the guest prints {@code HANGAR-READY <instance-id>} again, or FAILED with the reason.
 * Requests a previous run left in progress are carried out again on start (each step is idempotent:
 * stopping a stopped domain and starting a running one are no-ops).
 */
@ApplicationScoped
public class LifecycleRunner {
  private static final Logger LOG = Logger.getLogger(LifecycleRunner.class);

  private final DeploymentService deployments;
  private final Deployer deployer;
  private final HangarConfig config;
  private final ManagedExecutor executor;
  private final DeployGuard guard;

  public LifecycleRunner(
      DeploymentService deployments,
      Deployer deployer,
      HangarConfig config,
      ManagedExecutor executor,
      DeployGuard guard) {
    this.deployments = deployments;
    this.deployer = deployer;
    this.config = config;
    this.executor = executor;
    this.guard = guard;
  }

  void onRequested(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentEvents.LifecycleRequested e) {
    executor.execute(() -> carryOut(e.id()));
  }

  void onStart(@Observes StartupEvent event) {
    for (DeploymentWork work : deployments.inPowerAction()) {
      executor.execute(() -> carryOut(work.id()));
    }
  }

  private void carryOut(UUID id) {
    DeploymentWork work = deployments.work(id);
    PowerAction action = PowerAction.inProgress(work.state()).orElse(null);
    if (action == null) {
      return; // superseded, e.g. by a destroy request
    }
    DeploymentHandle handle = deployments.handle(id).orElse(null);
    if (handle == null) {
      deployments.advance(id, DeploymentState.FAILED, "no VM was recorded for this deployment");
      return;
    }
    try {
      switch (action) {
        case STOP -> {
          boolean clean = deployer.stop(handle, config.deployer().stopGrace());
          deployments.advance(
              id,
              DeploymentState.STOPPED,
              clean
                  ? "guest shut down"
                  : "guest did not shut down within "
                      + config.deployer().stopGrace().toSeconds()
                      + " s and was powered off");
        }
        case START -> bootAgain(work, handle);
        case REBOOT -> {
          deployer.stop(handle, config.deployer().stopGrace());
          bootAgain(work, handle);
        }
      }
    } catch (DeploymentException e) {
      LOG.warnf("%s of deployment %s failed: %s", action, id, e.getMessage());
      deployments.advance(id, DeploymentState.FAILED, e.getMessage());
    } catch (UntrustedContentException e) {
      LOG.warnf("%s of deployment %s refused before boot: %s", action, id, e.getMessage());
      deployments.advance(id, DeploymentState.FAILED, "trust check before boot: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deployments.advance(id, DeploymentState.FAILED, "the service stopped during " + action);
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s of deployment %s failed unexpectedly", action, id);
      deployments.advance(id, DeploymentState.FAILED, "internal error: " + e.getMessage());
    }
  }

  /**
   * Starts the domain and waits for READY. Before that, as before the first boot, the version must
   * still be trusted (keys may have been revoked meanwhile) and the deployer re-verifies every
   * cached volume the domain reads against the version's digests.
   */
  private void bootAgain(DeploymentWork work, DeploymentHandle handle) throws InterruptedException {
    DeploymentPlan plan = plan(work);
    // The same freshness and signer checks as the gate before the first boot.
    guard.gate(work.id(), work.nodeUri(), work.version().bootFiles()).beforeBoot(plan);
    deployer.start(handle, plan.cachedContent());
    deployments.advance(
        work.id(), work.state(), "domain started, waiting for the guest to report ready");
    boolean ready =
        deployer.waitForConsoleText(
            handle,
            DeploymentRunner.READY_MARKER + work.instanceId(),
            config.deployer().readyTimeout());
    if (ready) {
      deployments.advance(work.id(), DeploymentState.READY, "guest reported ready");
    } else {
      deployments.advance(
          work.id(),
          DeploymentState.FAILED,
          "guest did not report ready within "
              + config.deployer().readyTimeout().toSeconds()
              + " s after "
              + work.state());
    }
  }

  /** The version's boot files and partitions as a plan; the seed is not needed to start. */
  private static DeploymentPlan plan(DeploymentWork work) {
    VersionFiles v = work.version();
    return new DeploymentPlan(
        work.nodeUri(),
        work.domainName(),
        work.instanceId(),
        v.vcpus(),
        v.memoryMib(),
        new StagedFile(hex(v.kernelDigest()), v.kernelSize()),
        new StagedFile(hex(v.initrdDigest()), v.initrdSize()),
        v.cmdline(),
        v.partitions().stream()
            .map(
                p ->
                    new PartitionPlan(
                        p.role(),
                        PartitionPlan.Kind.valueOf(p.kind().name()),
                        p.digest() == null ? null : hex(p.digest()),
                        p.sizeBytes(),
                        null))
            .toList(),
        new byte[0]);
  }

  private static String hex(String digest) {
    return digest.substring("sha256:".length());
  }
}
