package dev.hangar.deployer.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hangar.deployer.libvirt.VmState;
import dev.hangar.deployer.reconcile.Intent.Goal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each reconciliation rule as a pure decision: observation + intents → corrections. */
class ReconcilePlannerTest {
  private static final Instant T0 = Instant.parse("2026-11-29T20:00:00Z");
  private static final Duration GRACE = Duration.ofMinutes(10);
  private final ReconcilePlanner planner =
      new ReconcilePlanner(new ReconcilePolicy(2, Duration.ofHours(1), GRACE));

  @Test
  void restartsShutOffOrCrashedRunningDomainUntilTheLimitThenGivesUp() {
    Intent fresh = intent("a", "n1", Goal.RUNNING, false, 0);
    Intent once = intent("b", "n1", Goal.RUNNING, false, 1);
    Intent twice = intent("c", "n1", Goal.RUNNING, false, 2);
    NodeObservation seen =
        observe(
            "n1",
            Map.of(
                "hangar-a",
                VmState.SHUT_OFF,
                "hangar-b",
                VmState.CRASHED,
                "hangar-c",
                VmState.SHUT_OFF),
            Set.of());

    assertEquals(
        List.of(
            new Correction.Restart("n1", fresh, VmState.SHUT_OFF, 1),
            new Correction.Restart("n1", once, VmState.CRASHED, 2),
            new Correction.GiveUp("n1", twice, VmState.SHUT_OFF)),
        planner.plan(seen, List.of(fresh, once, twice), T0));
  }

  @Test
  void leavesUpDomainsAlone() {
    Intent running = intent("a", "n1", Goal.RUNNING, false, 0);
    Intent paused = intent("b", "n1", Goal.RUNNING, false, 0);
    Intent stopped = intent("c", "n1", Goal.STOPPED, false, 0);
    NodeObservation seen =
        observe(
            "n1",
            Map.of(
                "hangar-a",
                VmState.RUNNING,
                "hangar-b",
                VmState.PAUSED,
                "hangar-c",
                VmState.SHUT_OFF),
            Set.of("hangar-a-seed.iso", "hangar-c-root.qcow2", "sha256-00"));

    assertEquals(List.of(), planner.plan(seen, List.of(running, paused, stopped), T0.plus(GRACE)));
  }

  @Test
  void stopsRunningDomainOfStoppedDeployment() {
    Intent stopped = intent("a", "n1", Goal.STOPPED, false, 0);
    NodeObservation seen = observe("n1", Map.of("hangar-a", VmState.RUNNING), Set.of());

    assertEquals(
        List.of(new Correction.Stop("n1", stopped, VmState.RUNNING)),
        planner.plan(seen, List.of(stopped), T0));
  }

  @Test
  void missingDomainOfRunningOrStoppedDeploymentHasVanished() {
    Intent running = intent("a", "n1", Goal.RUNNING, false, 0);
    Intent stopped = intent("b", "n1", Goal.STOPPED, false, 0);
    NodeObservation seen = observe("n1", Map.of(), Set.of("hangar-a-seed.iso"));

    assertEquals(
        List.of(new Correction.Vanished("n1", running), new Correction.Vanished("n1", stopped)),
        planner.plan(seen, List.of(running, stopped), T0));
  }

  @Test
  void removesOrphansOnlyAfterTheGracePeriod() {
    Intent destroyed = intent("a", "n1", Goal.ABSENT, false, 0);
    Intent elsewhere = intent("b", "n2", Goal.RUNNING, false, 0);
    NodeObservation seen =
        observe(
            "n1",
            Map.of("hangar-a", VmState.RUNNING, "hangar-b", VmState.SHUT_OFF),
            Set.of("hangar-a-seed.iso", "hangar-a-root.qcow2", "hangar-b-seed.iso", "sha256-ff"));

    assertEquals(List.of(), planner.plan(seen, List.of(destroyed, elsewhere), T0.plusSeconds(1)));
    assertEquals(
        List.of(
            new Correction.RemoveOrphanDomain("n1", destroyed, "hangar-a"),
            new Correction.RemoveOrphanVolume("n1", destroyed, "hangar-a-root.qcow2"),
            new Correction.RemoveOrphanVolume("n1", destroyed, "hangar-a-seed.iso"),
            new Correction.RemoveOrphanDomain("n1", elsewhere, "hangar-b"),
            new Correction.RemoveOrphanVolume("n1", elsewhere, "hangar-b-seed.iso")),
        planner.plan(seen, List.of(destroyed, elsewhere), T0.plus(GRACE)));
  }

  @Test
  void neverTouchesBusyDeploymentsOrOnesChangedAfterTheObservation() {
    Intent inFlight = intent("a", "n1", Goal.ABSENT, true, 0);
    Intent shutOffButBusy = intent("b", "n1", Goal.RUNNING, true, 0);
    Intent changedLater =
        new Intent("c", "hangar-c", "n1", Goal.RUNNING, false, T0.plusSeconds(5), 0);
    NodeObservation seen =
        observe(
            "n1",
            Map.of("hangar-a", VmState.RUNNING, "hangar-b", VmState.SHUT_OFF),
            Set.of("hangar-a-seed.iso", "hangar-c-seed.iso"));

    assertEquals(
        List.of(),
        planner.plan(seen, List.of(inFlight, shutOffButBusy, changedLater), T0.plus(GRACE)));
  }

  @Test
  void keepsFailedDeploymentsDomainButReleasesLeftoversWithoutOne() {
    Intent kept = intent("a", "n1", Goal.KEEP, false, 0);
    Intent gone = intent("b", "n1", Goal.KEEP, false, 0);
    NodeObservation seen = observe("n1", Map.of("hangar-a", VmState.SHUT_OFF), Set.of());

    assertEquals(List.of(), planner.plan(seen, List.of(kept, gone), T0));
    assertEquals(
        List.of(new Correction.ReleaseLeftovers("n1", gone)),
        planner.plan(seen, List.of(kept, gone), T0.plus(GRACE)));
  }

  @Test
  void reportsButDoesNotTouchHangarDomainsNoDeploymentKnows() {
    NodeObservation seen =
        observe("n1", Map.of("hangar-x", VmState.RUNNING, "other-vm", VmState.SHUT_OFF), Set.of());

    assertEquals(
        List.of(new Correction.Unknown("n1", "hangar-x")),
        planner.plan(seen, List.of(), T0.plus(GRACE)));
  }

  @Test
  void derivesCandidateDomainsFromVolumeNames() {
    assertEquals(
        Set.of("hangar", "hangar-i", "hangar-i-ab12"),
        ReconcilePlanner.candidateDomains(List.of("hangar-i-ab12-seed.iso", "sha256-00", "x-y")));
  }

  @Test
  void leavesDeploymentsOfAnotherEntryForTheSameHostToThatEntry() {
    Intent onAlias = intent("b", "n2", Goal.RUNNING, false, 0);
    Intent onOtherHost = intent("c", "n3", Goal.RUNNING, false, 0);
    NodeObservation seen =
        observe(
                "n1",
                Map.of("hangar-b", VmState.RUNNING, "hangar-c", VmState.RUNNING),
                Set.of("hangar-b-seed.iso"))
            .onSameHostAs(Set.of("n2"));

    assertEquals(
        List.of(new Correction.RemoveOrphanDomain("n1", onOtherHost, "hangar-c")),
        planner.plan(seen, List.of(onAlias, onOtherHost), T0.plus(GRACE)));
  }

  @Test
  void unreferencedClaimOutlivesGraceOnlyAfterIt() {
    assertEquals(false, planner.claimGraceOver(T0, T0.plus(GRACE).minusSeconds(1)));
    assertEquals(true, planner.claimGraceOver(T0, T0.plus(GRACE)));
  }

  private static Intent intent(String id, String home, Goal goal, boolean busy, int restarts) {
    return new Intent(id, "hangar-" + id, home, goal, busy, T0, restarts);
  }

  private static NodeObservation observe(
      String node, Map<String, VmState> domains, Set<String> volumes) {
    return new NodeObservation(node, T0.plusSeconds(1), domains, volumes);
  }
}
