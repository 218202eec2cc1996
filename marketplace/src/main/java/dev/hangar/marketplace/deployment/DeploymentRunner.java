package dev.hangar.marketplace.deployment;

import dev.hangar.context.SeedGenerator;
import dev.hangar.context.SeedIsoWriter;
import dev.hangar.deployer.DeployListener;
import dev.hangar.deployer.Deployer;
import dev.hangar.deployer.DeploymentException;
import dev.hangar.deployer.DeploymentHandle;
import dev.hangar.deployer.DeploymentPlan;
import dev.hangar.deployer.PartitionPlan;
import dev.hangar.deployer.StagedFile;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.deployment.DeploymentWork.VersionFiles;
import dev.hangar.marketplace.trust.TrustService;
import dev.hangar.marketplace.trust.UntrustedContentException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Brings deployments up and tears them down in the background: seed, stage, boot, wait for the
 * guest's {@code HANGAR-READY <instance-id>} line; every outcome is recorded as a state.
 */
@ApplicationScoped
public class DeploymentRunner {
  /** The line the guest's context agent prints on its serial console once contextualized. */
  static final String READY_MARKER = "HANGAR-READY ";

  private static final Logger LOG = Logger.getLogger(DeploymentRunner.class);
  private static final int CONSOLE_TAIL = 1500;

  private final DeploymentService deployments;
  private final Deployer deployer;
  private final SeedGenerator seeds;
  private final SeedIsoWriter isoWriter;
  private final HangarConfig config;
  private final ManagedExecutor executor;
  private final TrustService trust;
  private final GuestEndpoints guests;

  /** Deployments whose guest reported READY or FAILED through the broker while being waited for. */
  private final Set<UUID> reportedByGuest = ConcurrentHashMap.newKeySet();

  public DeploymentRunner(
      DeploymentService deployments,
      Deployer deployer,
      SeedGenerator seeds,
      SeedIsoWriter isoWriter,
      HangarConfig config,
      ManagedExecutor executor,
      TrustService trust,
      GuestEndpoints guests) {
    this.deployments = deployments;
    this.deployer = deployer;
    this.seeds = seeds;
    this.isoWriter = isoWriter;
    this.config = config;
    this.executor = executor;
    this.trust = trust;
    this.guests = guests;
  }

  void onRequested(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentEvents.Requested e) {
    executor.execute(() -> bringUp(e.id()));
  }

  void onDestroyRequested(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentEvents.DestroyRequested e) {
    executor.execute(() -> tearDown(e.id()));
  }

  void onGuestReported(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentEvents.GuestReported e) {
    reportedByGuest.add(e.id());
  }

  /**
   * Picks up deployments a previous run of the service left unfinished: PENDING ones are brought
   * up, DESTROYING ones torn down, and ones caught mid-deploy (STAGING, BOOTING) are torn down and
   * marked FAILED, since what the dead process staged cannot be trusted to be complete.
   */
  public void onStart(@Observes StartupEvent event) {
    for (DeploymentWork work : deployments.unfinished()) {
      switch (work.state()) {
        case PENDING -> executor.execute(() -> bringUp(work.id()));
        case DESTROYING -> executor.execute(() -> tearDown(work.id()));
        case STAGING, BOOTING -> executor.execute(() -> abandon(work));
        default -> {}
      }
    }
  }

  private void abandon(DeploymentWork work) {
    try {
      deployer.destroy(deployments.handle(work.id()).orElseGet(() -> emptyHandle(work)));
      deployments.advance(
          work.id(),
          DeploymentState.FAILED,
          "the service restarted while this deployment was "
              + work.state()
              + "; its VM was removed, deploy again");
    } catch (DeploymentException e) {
      LOG.warnf("cleaning up interrupted deployment %s failed: %s", work.id(), e.getMessage());
      deployments.advance(
          work.id(), DeploymentState.DESTROYING, "cleanup after restart failed: " + e.getMessage());
    }
  }

  private void bringUp(UUID id) {
    DeploymentWork work = deployments.work(id);
    if (!deployments.advance(id, DeploymentState.STAGING, "building the NoCloud seed")) {
      return;
    }
    try {
      byte[] seed = isoWriter.write(seeds.generate(work.seedRequest()));
      // The same seed is served over NoCloud-net, where the broker can add to it after boot.
      DeploymentPlan plan = plan(work, seed).withSmbiosSerial(guests.issueSmbiosSerial(id));
      // Keys may have been revoked since the deployment was accepted; the deployer then re-hashes
      // every cached volume against these same digests right before the domain is defined.
      trust.verifyBeforeBoot(id, plan);
      DeploymentHandle handle = deployer.deploy(plan, new ProgressReporter(id));
      deployments.recordHandle(id, handle);
      if (!deployments.advance(
          id, DeploymentState.BOOTING, "domain started, waiting for the guest")) {
        return; // a destroy request arrived meanwhile; tearDown owns the VM now
      }
      boolean ready =
          deployer.waitForConsoleText(
              handle,
              READY_MARKER + work.instanceId(),
              config.deployer().readyTimeout(),
              () -> reportedByGuest.contains(id));
      if (reportedByGuest.remove(id)) {
        return; // the broker recorded the guest's own READY or FAILED, which stands
      }
      if (ready) {
        deployments.advance(id, DeploymentState.READY, "guest reported ready");
      } else {
        deployments.advance(
            id,
            DeploymentState.FAILED,
            "guest did not report ready within "
                + config.deployer().readyTimeout().toSeconds()
                + " s; console tail:\n"
                + tail(deployer.consoleOutput(handle)));
      }
    } catch (DeploymentException e) {
      LOG.warnf("deployment %s failed: %s", id, e.getMessage());
      deployments.advance(id, DeploymentState.FAILED, e.getMessage());
    } catch (UntrustedContentException e) {
      LOG.warnf("deployment %s refused before boot: %s", id, e.getMessage());
      deployments.advance(id, DeploymentState.FAILED, "trust check before boot: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deployments.advance(id, DeploymentState.FAILED, "the service stopped while the VM booted");
    } catch (RuntimeException e) {
      LOG.errorf(e, "deployment %s failed unexpectedly", id);
      deployments.advance(id, DeploymentState.FAILED, "internal error: " + e.getMessage());
    }
  }

  private void tearDown(UUID id) {
    DeploymentWork work = deployments.work(id);
    try {
      deployer.destroy(deployments.handle(id).orElseGet(() -> emptyHandle(work)));
      deployments.advance(
          id, DeploymentState.DESTROYED, "domain and per-deployment volumes removed");
    } catch (DeploymentException e) {
      LOG.warnf("destroying deployment %s failed: %s", id, e.getMessage());
      deployments.advance(
          id, DeploymentState.DESTROYING, "destroy failed, will need a retry: " + e.getMessage());
    }
  }

  /** A handle for a deployment that never got one: only its domain can exist. */
  private DeploymentHandle emptyHandle(DeploymentWork work) {
    return new DeploymentHandle(
        work.nodeUri(),
        work.domainName(),
        work.instanceId(),
        List.of(),
        config.deployer().consoleDir().resolve(work.domainName() + "-serial.log"));
  }

  /** Records staging progress, at most once per phase and 10 % step, not once per buffer. */
  private final class ProgressReporter implements DeployListener {
    private final UUID id;
    private String lastPhase;
    private long lastDecile = -1;

    ProgressReporter(UUID id) {
      this.id = id;
    }

    @Override
    public void onProgress(String phase, long done, long total) {
      long decile = total > 0 ? done * 10 / total : 10;
      if (phase.equals(lastPhase) && decile == lastDecile) {
        return;
      }
      lastPhase = phase;
      lastDecile = decile;
      String message =
          total > 1
              ? String.format("%s: %d of %d bytes (%d%%)", phase, done, total, done * 100 / total)
              : phase;
      deployments.advance(id, DeploymentState.STAGING, message);
    }
  }

  private static DeploymentPlan plan(DeploymentWork work, byte[] seed) {
    VersionFiles v = work.version();
    List<PartitionPlan> partitions =
        v.partitions().stream()
            .map(
                p ->
                    new PartitionPlan(
                        p.role(),
                        PartitionPlan.Kind.valueOf(p.kind().name()),
                        p.digest() == null ? null : hex(p.digest()),
                        p.sizeBytes(),
                        null))
            .toList();
    return new DeploymentPlan(
        work.nodeUri(),
        work.domainName(),
        work.instanceId(),
        v.vcpus(),
        v.memoryMib(),
        new StagedFile(hex(v.kernelDigest()), v.kernelSize()),
        new StagedFile(hex(v.initrdDigest()), v.initrdSize()),
        v.cmdline(),
        partitions,
        seed);
  }

  private static String hex(String digest) {
    return digest.substring("sha256:".length());
  }

  private static String tail(String console) {
    return console.length() <= CONSOLE_TAIL
        ? console
        : console.substring(console.length() - CONSOLE_TAIL);
  }
}
