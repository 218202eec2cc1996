package dev.hangar.marketplace.deployment;

import dev.hangar.context.SeedGenerator;
import dev.hangar.context.SeedIsoWriter;
import dev.hangar.deployer.DeployListener;
import dev.hangar.deployer.Deployer;
import dev.hangar.deployer.DeploymentException;
import dev.hangar.deployer.DeploymentHandle;
import dev.hangar.deployer.DeploymentPlan;
import dev.hangar.deployer.GuestAddress;
import dev.hangar.deployer.PartitionPlan;
import dev.hangar.deployer.StagedFile;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.deployment.DeploymentWork.VersionFiles;
import dev.hangar.marketplace.jobs.Job;
import dev.hangar.marketplace.pool.PoolSync;
import dev.hangar.marketplace.trust.DeployGuard;
import dev.hangar.marketplace.trust.UntrustedContentException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Does the work of deploy and destroy jobs: place (scheduler + persisted claim), seed, stage, boot,
 * wait for the guest's {@code HANGAR-READY <instance-id>} line; every outcome is recorded as a
 * state. A node failing during deploy is given up (the deployer has undone its attempt, the claim
 * is released) and the deployment is placed again on a node not tried yet, up to {@code
 * hangar.deployer.max-attempts} nodes.
 *
 * <p>After a crash a job is taken again (its lease ran out) and finds its deployment mid-way: a
 * deployment whose domain was started and still runs is resumed (waiting for READY); one caught
 * earlier (claimed, staging, defined) is cleaned up, leaving no domain, volume or claim, and fails
 * with the reason, since the dead process's partial work cannot be trusted.
 */
@ApplicationScoped
public class DeploymentRunner {
  /** The line the guest's context agent prints on its serial console once contextualized. */
  static final String READY_MARKER = "HANGAR-READY ";

  private static final Logger LOG = Logger.getLogger(DeploymentRunner.class);
  private static final int CONSOLE_TAIL = 1500;

  private final DeploymentRecords records;
  private final Deployer deployer;
  private final SeedGenerator seeds;
  private final SeedIsoWriter isoWriter;
  private final HangarConfig config;
  private final Placements placements;
  private final AttemptCleanup cleanup;
  private final PoolSync pool;
  private final DeployGuard guard;
  private final GuestEndpoints guests;

  /** Deployments whose guest reported READY or FAILED through the broker while being waited for. */
  private final Set<UUID> reportedByGuest = ConcurrentHashMap.newKeySet();

  public DeploymentRunner(
      DeploymentRecords records,
      Deployer deployer,
      SeedGenerator seeds,
      SeedIsoWriter isoWriter,
      HangarConfig config,
      Placements placements,
      AttemptCleanup cleanup,
      PoolSync pool,
      DeployGuard guard,
      GuestEndpoints guests) {
    this.records = records;
    this.deployer = deployer;
    this.seeds = seeds;
    this.isoWriter = isoWriter;
    this.config = config;
    this.placements = placements;
    this.cleanup = cleanup;
    this.pool = pool;
    this.guard = guard;
    this.guests = guests;
  }

  void onGuestReported(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentEvents.GuestReported e) {
    reportedByGuest.add(e.id());
  }

  /** Runs a deploy job: a fresh deployment is placed and brought up; a half-done one recovered. */
  public void deploy(Job job) {
    DeploymentWork work = records.work(job.subjectId());
    switch (work.state()) {
      case PENDING -> {
        // A claim on a PENDING deployment was recorded by a worker that died before its attempt
        // began (nothing was made on the node yet): release it before placing again.
        if (work.claimId() != null) {
          cleanup.releaseClaim(work.id(), work.claimId());
        }
        bringUp(work.id());
      }
      case STAGING, BOOTING -> recover(work);
      default -> {} // READY, FAILED or being destroyed: nothing left for this job
    }
  }

  /** Runs a destroy job: removes the domain, per-deployment volumes and the claim. */
  public void destroy(Job job) {
    DeploymentWork work = records.work(job.subjectId());
    if (work.state() != DeploymentState.DESTROYING) {
      return;
    }
    try {
      cleanup.removeAttempt(work);
    } catch (DeploymentException e) {
      records.advance(work.id(), DeploymentState.DESTROYING, "destroy failed, retrying: " + e);
      throw e; // the job is retried later
    }
    records.advance(
        work.id(), DeploymentState.DESTROYED, "domain and per-deployment volumes removed");
  }

  private void recover(DeploymentWork work) {
    if (DeploymentWork.STARTED.equals(work.step())
        && records.handle(work.id()).isPresent()
        && cleanup.domainRunning(work)) {
      if (records.advance(
          work.id(),
          DeploymentState.BOOTING,
          "resumed after the service restarted; waiting for the guest")) {
        awaitReady(work, records.handle(work.id()).orElseThrow());
      }
      return;
    }
    try {
      cleanup.removeAttempt(work);
    } catch (DeploymentException e) {
      records.advance(work.id(), work.state(), "cleanup after restart failed, retrying: " + e);
      throw e;
    }
    records.advance(
        work.id(),
        DeploymentState.FAILED,
        "the service restarted while this deployment was "
            + work.state()
            + (work.nodeName() == null ? "" : " on node " + work.nodeName())
            + "; its domain, volumes and claim were removed, deploy again");
  }

  private void bringUp(UUID id) {
    String lastFailure = null;
    while (true) {
      DeploymentWork work = records.work(id);
      if (work.attempts() >= config.deployer().maxAttempts()) {
        fail(id, "gave up after " + work.attempts() + " nodes; last: " + lastFailure);
        return;
      }
      Optional<Placements.Placed> placed = placements.place(work);
      if (placed.isEmpty()) {
        fail(
            id,
            lastFailure == null
                ? "no ACTIVE node has room for " + describe(work.version()) + labels(work)
                : "no other node has room after: " + lastFailure);
        return;
      }
      String node = placed.get().claim().nodeId();
      records.recordClaim(id, node, placed.get().nodeUri(), placed.get().claim().id());
      work = records.work(id);
      try {
        attempt(work, lastFailure);
        return;
      } catch (DeploymentException e) {
        // The deployer undid its own work on the node; only the claim is left to release.
        LOG.warnf("deployment %s failed on node %s: %s", id, node, e.getMessage());
        cleanup.releaseClaim(id, work.claimId());
        lastFailure = "node " + node + ": " + e.getMessage();
        if (!records.advance(id, DeploymentState.PENDING, lastFailure + "; trying another node")) {
          return; // destroyed meanwhile
        }
      }
    }
  }

  /**
   * One attempt on the node recorded in {@code work}; a node failure is thrown to the caller. The
   * previous attempt's failure, if any, is repeated in the first STAGING message, so whoever
   * follows the states sees why the deployment moved even if they missed the short PENDING in
   * between.
   */
  private void attempt(DeploymentWork work, String previousFailure) {
    UUID id = work.id();
    String placed =
        "placed on node "
            + work.nodeName()
            + (previousFailure == null ? "" : " after " + previousFailure);
    if (!records.advance(id, DeploymentState.STAGING, placed + "; building the seed")) {
      cleanup.releaseClaim(id, work.claimId());
      return;
    }
    DeploymentHandle handle;
    try {
      byte[] seed = isoWriter.write(seeds.generate(work.seedRequest()));
      // The same seed is served over NoCloud-net, where the broker can add to it after boot.
      DeploymentPlan plan = plan(work, seed).withSmbiosSerial(guests.issueSmbiosSerial(id));
      // The freshness guard admits the pinned manifest (and records the node's rollback state)
      // before anything is staged; staging reads at most each file's signed size; the deployer
      // re-hashes every cached volume and, through the gate, re-checks trust right before boot.
      DeployGuard.BootFiles files = work.version().bootFiles();
      String note = guard.admit(id, work.nodeUri(), files);
      if (note != null) {
        LOG.warnf("deployment %s: %s", id, note);
      }
      handle =
          deployer.deploy(plan, new ProgressReporter(id), guard.gate(id, work.nodeUri(), files));
    } catch (UntrustedContentException e) {
      refusedByTrust(work, e);
      return;
    } catch (RuntimeException e) {
      if (e instanceof DeploymentException && e.getCause() instanceof UntrustedContentException u) {
        refusedByTrust(work, u); // the boot gate refused: no other node would do better
        return;
      }
      if (e instanceof DeploymentException) {
        throw e;
      }
      LOG.errorf(e, "deployment %s failed unexpectedly", id);
      cleanup.removeAttempt(records.work(id));
      fail(id, "internal error: " + e.getMessage());
      return;
    }
    records.recordHandle(id, handle);
    pool.recordUse(work.nodeName(), Placements.cacheable(work.version()));
    if (!records.advance(id, DeploymentState.BOOTING, "domain started, waiting for the guest")) {
      // A destroy request arrived meanwhile; make sure nothing we just made outlives it.
      cleanup.removeAttempt(records.work(id));
      return;
    }
    awaitReady(records.work(id), handle);
  }

  private void awaitReady(DeploymentWork work, DeploymentHandle handle) {
    boolean ready;
    try {
      UUID id = work.id();
      ready =
          deployer.waitForConsoleText(
              handle,
              READY_MARKER + work.instanceId(),
              config.deployer().readyTimeout(),
              () -> reportedByGuest.contains(id));
    } catch (InterruptedException e) {
      // The service is stopping: leave the VM running; the job is taken again and resumes.
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + work.domainName(), e);
    }
    if (reportedByGuest.remove(work.id())) {
      return; // the broker recorded the guest's own READY or FAILED, which stands
    }
    if (ready) {
      // Before READY is visible, so whoever sees READY also sees where to reach the VM.
      records.recordAddresses(
          work.id(), deployer.consoleAddresses(handle).stream().map(GuestAddress::cidr).toList());
      records.advance(work.id(), DeploymentState.READY, "guest reported ready");
      return;
    }
    String console = tail(deployer.consoleOutput(handle));
    cleanup.removeAttempt(work);
    fail(
        work.id(),
        "guest did not report ready within "
            + config.deployer().readyTimeout().toSeconds()
            + " s; its VM was removed; console tail:\n"
            + console);
  }

  private void refusedByTrust(DeploymentWork work, UntrustedContentException e) {
    LOG.warnf("deployment %s refused by trust: %s", work.id(), e.getMessage());
    cleanup.releaseClaim(work.id(), work.claimId());
    fail(work.id(), "refused by trust (" + e.reason() + "): " + e.getMessage());
  }

  private void fail(UUID id, String message) {
    LOG.warnf("deployment %s failed: %s", id, message);
    records.advance(id, DeploymentState.FAILED, message);
  }

  private static String describe(VersionFiles v) {
    return v.vcpus() + " vCPU / " + v.memoryMib() + " MiB (" + v.arch() + ")";
  }

  private static String labels(DeploymentWork work) {
    String where = work.requestedNode() == null ? "" : " on node " + work.requestedNode();
    return where
        + (work.requestedLabels().isEmpty() ? "" : " with labels " + work.requestedLabels());
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
      if (lastPhase == null) {
        records.recordStep(id, DeploymentWork.STAGING);
      }
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
      records.advance(id, DeploymentState.STAGING, message);
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
