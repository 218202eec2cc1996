package dev.hangar.marketplace.reconcile;

import dev.hangar.deployer.DeploymentException;
import dev.hangar.deployer.NodeLayout;
import dev.hangar.deployer.NodeLayouts;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.LibvirtOperationException;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.NodeInventory;
import dev.hangar.deployer.libvirt.VmLifecycle;
import dev.hangar.deployer.libvirt.VmState;
import dev.hangar.deployer.pool.NodeProbe;
import dev.hangar.deployer.pool.NodeState;
import dev.hangar.deployer.reconcile.Correction;
import dev.hangar.deployer.reconcile.Intent;
import dev.hangar.deployer.reconcile.NodeObservation;
import dev.hangar.deployer.reconcile.ReconcilePlanner;
import dev.hangar.deployer.reconcile.ReconcilePolicy;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.deployment.AttemptCleanup;
import dev.hangar.marketplace.deployment.Corrections;
import dev.hangar.marketplace.deployment.DeploymentRecords;
import dev.hangar.marketplace.deployment.DeploymentState;
import dev.hangar.marketplace.deployment.DeploymentWork;
import dev.hangar.marketplace.deployment.Placements;
import dev.hangar.marketplace.pool.NodeRecord;
import dev.hangar.marketplace.pool.NodeRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.libvirt.Connect;

/**
 * One reconciliation pass: for every node that is not in maintenance, read what libvirt reports,
 * read what the database wants, let the {@link ReconcilePlanner} decide and carry out each
 * correction, recording it on its deployment. A node that cannot be read is marked unreachable and
 * nothing is done about it until a later pass reads it. Passes on one instance never overlap;
 * passes on several instances may, and are safe because every state change is conditional on the
 * deployment being unchanged since it was read and every removal is idempotent.
 */
@ApplicationScoped
public class ReconcileService {
  private static final Logger LOG = Logger.getLogger(ReconcileService.class);
  private static final String PREFIX = "reconciler: ";

  private final NodeRegistry registry;
  private final LibvirtConnections connections;
  private final DesiredState desired;
  private final Corrections corrections;
  private final AttemptCleanup cleanup;
  private final DeploymentRecords records;
  private final Placements placements;
  private final HangarConfig config;
  private final NodeLayouts layouts;

  public ReconcileService(
      NodeRegistry registry,
      LibvirtConnections connections,
      DesiredState desired,
      Corrections corrections,
      AttemptCleanup cleanup,
      DeploymentRecords records,
      Placements placements,
      HangarConfig config,
      NodeLayouts layouts) {
    this.registry = registry;
    this.connections = connections;
    this.desired = desired;
    this.corrections = corrections;
    this.cleanup = cleanup;
    this.records = records;
    this.placements = placements;
    this.config = config;
    this.layouts = layouts;
  }

  /**
   * What one pass saw and did.
   *
   * @param reconciled nodes read and reconciled
   * @param unreachable nodes that could not be read, with the reason
   * @param applied corrections carried out (a correction whose deployment moved meanwhile is not)
   * @param unknownDomains Hangar-named domains no deployment of this database knows, as node/name
   * @param releasedClaims unreferenced claims released
   * @param failures corrections that failed, with the reason; retried next pass
   */
  public record Report(
      List<String> reconciled,
      Map<String, String> unreachable,
      List<Correction> applied,
      List<String> unknownDomains,
      List<UUID> releasedClaims,
      List<String> failures) {}

  /** Runs a pass now. */
  public Report runOnce() {
    return runOnce(Instant.now());
  }

  /**
   * Runs a pass judging grace periods and restart windows as of {@code now} (tests pass a later
   * instant instead of waiting).
   */
  public synchronized Report runOnce(Instant now) {
    HangarConfig.Reconcile c = config.reconcile();
    ReconcilePolicy policy =
        new ReconcilePolicy(c.maxRestarts(), c.restartWindow(), c.orphanGrace());
    ReconcilePlanner planner = new ReconcilePlanner(policy);
    Report report =
        new Report(
            new ArrayList<>(),
            new HashMap<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>());
    List<Observed> observed = new ArrayList<>();
    for (NodeRecord node : registry.list()) {
      if (node.state() == NodeState.MAINTENANCE) {
        continue; // the operator is working on it: domains may be down on purpose
      }
      try {
        Connect connection = connections.get(node.uri());
        observed.add(
            new Observed(
                node,
                connection,
                observe(node, connection),
                NodeProbe.hostUuid(connection).orElse(null)));
      } catch (LibvirtOperationException e) {
        String reason = "reconciler cannot read node: " + e.getMessage();
        report.unreachable().put(node.name(), reason);
        registry.recordProbe(
            node.name(), new NodeRegistry.Probed(truncate(reason), 0, 0, Set.of(), Set.of(), 0, 0));
        LOG.warnf("node %s unreachable, nothing reconciled there: %s", node.name(), reason);
      }
    }
    for (Observed o : observed) {
      report.reconciled().add(o.node().name());
      NodeObservation seen = o.seen().onSameHostAs(sameHost(o, observed));
      reconcileNode(planner, policy, o.node(), o.connection(), seen, now, report);
    }
    releaseLooseClaims(planner, now, report);
    return report;
  }

  /** A node read in this pass, with the identity of the libvirt host behind it (if it has one). */
  private record Observed(
      NodeRecord node, Connect connection, NodeObservation seen, String hostUuid) {}

  /**
   * The other node entries of this pass that reach the same libvirt host as {@code o} (same host
   * UUID in the capabilities): they see the same domains, and each entry's own pass owns its
   * deployments there. Nodes without a host UUID (the test driver) are nobody's aliases.
   */
  private static Set<String> sameHost(Observed o, List<Observed> all) {
    Set<String> out = new HashSet<>();
    for (Observed other : all) {
      if (o.hostUuid() != null && other != o && o.hostUuid().equals(other.hostUuid())) {
        out.add(other.node().name());
      }
    }
    return out;
  }

  private NodeObservation observe(NodeRecord node, Connect connection) {
    Instant at = Instant.now();
    NodeInventory inventory = new NodeInventory(connection, layouts.of(node.uri()).poolName());
    return new NodeObservation(node.name(), at, inventory.domains(), inventory.volumes());
  }

  private void reconcileNode(
      ReconcilePlanner planner,
      ReconcilePolicy policy,
      NodeRecord node,
      Connect connection,
      NodeObservation seen,
      Instant now,
      Report report) {
    Set<String> names = new HashSet<>(ReconcilePlanner.candidateDomains(seen.volumes()));
    names.addAll(seen.domains().keySet());
    Map<UUID, Integer> restarts =
        corrections.countSince(
            "restart", OffsetDateTime.ofInstant(now.minus(policy.restartWindow()), ZoneOffset.UTC));
    Map<String, DesiredState.Row> rows = new HashMap<>();
    List<Intent> intents = new ArrayList<>();
    for (DesiredState.Row row : desired.rows(node.name(), names, restarts)) {
      rows.put(row.intent().deploymentId(), row);
      intents.add(row.intent());
    }
    for (Correction correction : planner.plan(seen, intents, now)) {
      if (correction instanceof Correction.Unknown u) {
        report.unknownDomains().add(node.name() + "/" + u.domain());
        LOG.debugf("node %s: domain %s is not one of this database's", node.name(), u.domain());
        continue;
      }
      try {
        if (apply(correction, policy, connection, layouts.of(node.uri()), rows)) {
          report.applied().add(correction);
        }
      } catch (DeploymentException | LibvirtOperationException e) {
        report.failures().add(correction + ": " + e.getMessage());
        LOG.warnf("correction %s failed, retried next pass: %s", correction, e.getMessage());
      }
    }
  }

  private boolean apply(
      Correction correction,
      ReconcilePolicy policy,
      Connect connection,
      NodeLayout layout,
      Map<String, DesiredState.Row> rows) {
    String node = correction.node();
    if (correction instanceof Correction.Restart r) {
      DesiredState.Row row = rows.get(r.intent().deploymentId());
      if (r.observed() == VmState.CRASHED) {
        powerOff(connection, r.intent().domainName()); // a crashed domain may still be active
      }
      return corrections.start(
          row.id(),
          row.updatedAt(),
          node,
          "restart",
          PREFIX
              + "domain %s was found %s on node %s; starting it again (restart %d of %d within %s)"
                  .formatted(
                      r.intent().domainName(),
                      describe(r.observed()),
                      node,
                      r.n(),
                      policy.maxRestarts(),
                      human(policy.restartWindow())));
    }
    if (correction instanceof Correction.GiveUp g) {
      DesiredState.Row row = rows.get(g.intent().deploymentId());
      return corrections.fail(
          row.id(),
          DeploymentState.READY,
          row.updatedAt(),
          false,
          node,
          "gave-up",
          PREFIX
              + "domain %s was found %s on node %s after %d restarts within %s; gave up. The VM is"
                  .formatted(
                      g.intent().domainName(),
                      describe(g.observed()),
                      node,
                      policy.maxRestarts(),
                      human(policy.restartWindow()))
              + " kept for inspection; destroy the deployment to free it");
    }
    if (correction instanceof Correction.Stop s) {
      DesiredState.Row row = rows.get(s.intent().deploymentId());
      return corrections.stop(
          row.id(),
          row.updatedAt(),
          node,
          "stop",
          PREFIX
              + "domain %s was found %s on node %s while the deployment is STOPPED; stopping it"
                  .formatted(s.intent().domainName(), describe(s.observed()), node));
    }
    if (correction instanceof Correction.Vanished v) {
      DesiredState.Row row = rows.get(v.intent().deploymentId());
      boolean failed =
          corrections.fail(
              row.id(),
              row.state(),
              row.updatedAt(),
              true,
              node,
              "vanished",
              PREFIX
                  + "domain %s vanished on node %s; the deployment failed and its claim, address,"
                      .formatted(v.intent().domainName(), node)
                  + " volumes and seed are released");
      if (failed) {
        cleanup.removeAttempt(records.work(row.id()));
      }
      return failed;
    }
    if (correction instanceof Correction.ReleaseLeftovers l) {
      UUID id = rows.get(l.intent().deploymentId()).id();
      DeploymentWork work = records.work(id);
      if (work.state() != DeploymentState.FAILED) {
        return false;
      }
      cleanup.removeAttempt(work);
      corrections.record(
          id,
          node,
          "released",
          PREFIX
              + "the failed deployment's domain %s is gone from node %s; its claim and volumes were"
                  .formatted(work.domainName(), node)
              + " released");
      return true;
    }
    if (correction instanceof Correction.RemoveOrphanDomain o) {
      new VmLifecycle(connection).destroyAndUndefine(o.domain());
      corrections.record(
          rows.get(o.intent().deploymentId()).id(),
          node,
          "orphan-domain",
          PREFIX
              + "removed domain %s from node %s, where this deployment has nothing"
                  .formatted(o.domain(), node));
      return true;
    }
    if (correction instanceof Correction.RemoveOrphanVolume o) {
      new NodeImageCache(connection, layout.poolName(), layout.poolDir()).deleteVolume(o.volume());
      corrections.record(
          rows.get(o.intent().deploymentId()).id(),
          node,
          "orphan-volume",
          PREFIX
              + "removed volume %s from node %s, where this deployment has nothing"
                  .formatted(o.volume(), node));
      return true;
    }
    throw new IllegalStateException("unexpected correction " + correction);
  }

  /**
   * Releases claims no deployment references, on nodes read in this pass, once they are older than
   * the grace period: a deploy holds its claim unreferenced only between placing it and recording
   * it on the deployment (milliseconds), so an older one was left by a process that died there.
   */
  private void releaseLooseClaims(ReconcilePlanner planner, Instant now, Report report) {
    for (DesiredState.LooseClaim claim : desired.looseClaims()) {
      if (report.reconciled().contains(claim.node())
          && planner.claimGraceOver(claim.createdAt(), now)) {
        placements.release(claim.id());
        report.releasedClaims().add(claim.id());
        LOG.warnf(
            "released claim %s on node %s: no deployment references it since %s",
            claim.id(), claim.node(), claim.createdAt());
      }
    }
  }

  private static void powerOff(Connect connection, String domain) {
    try {
      new VmLifecycle(connection).stop(domain, Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while powering off " + domain, e);
    }
  }

  private static String describe(VmState state) {
    return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static String truncate(String s) {
    return s.length() <= 1000 ? s : s.substring(0, 997) + "...";
  }
}
