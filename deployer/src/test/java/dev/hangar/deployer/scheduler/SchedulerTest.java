package dev.hangar.deployer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.pool.Node;
import dev.hangar.deployer.pool.NodeCapacity;
import dev.hangar.deployer.pool.NodePool;
import dev.hangar.deployer.pool.NodeProbe;
import dev.hangar.deployer.pool.NodeState;
import dev.hangar.deployer.scheduler.PlacementGroup.Policy;
import dev.hangar.deployer.scheduler.SchedulerConfig.Fit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private static final long GIB = 1L << 30;
  // 1 GiB host reservation: a node of 5 GiB offers 4096 MiB.
  private static final SchedulerConfig CONFIG =
      new SchedulerConfig(1.0, 1024, Map.of("kvm", 64, "qemu", 128), 256, Fit.SPREAD, 2, 1, 0.5);

  private final LibvirtConnections connections = new LibvirtConnections();
  private final NodePool pool = new NodePool(connections, new NodeProbe());
  private final CacheIndex cache = new CacheIndex();
  private final InMemoryClaimStore store = new InMemoryClaimStore();

  @AfterEach
  void close() {
    connections.close();
  }

  @Test
  void placesOnlyOnActiveNodes() {
    add("a", "x86_64", Set.of("qemu"), 8, 5);
    add("b", "x86_64", Set.of("qemu"), 8, 5);
    add("c", "x86_64", Set.of("qemu"), 8, 5);
    pool.drain("a");
    pool.maintenance("b");
    Scheduler scheduler = scheduler(CONFIG);

    assertEquals(
        "c", scheduler.place(PlacementRequest.of(1, 512, "x86_64")).orElseThrow().nodeId());
    pool.drain("c");
    assertEquals(Optional.empty(), scheduler.place(PlacementRequest.of(1, 512, "x86_64")));
  }

  @Test
  void placesOnlyOnANamedNodeAndNeverOnExcludedOnes() {
    add("a", "x86_64", Set.of("qemu"), 8, 5);
    add("b", "x86_64", Set.of("qemu"), 8, 9);
    add("c", "x86_64", Set.of("qemu"), 8, 5);
    Scheduler scheduler = scheduler(CONFIG);
    PlacementRequest request = PlacementRequest.of(1, 512, "x86_64");

    assertEquals("b", scheduler.decide(request).orElseThrow().nodeId());
    assertEquals("c", scheduler.decide(request.onNodes(Set.of("c"))).orElseThrow().nodeId());
    assertEquals("a", scheduler.decide(request.excluding(Set.of("b", "c"))).orElseThrow().nodeId());
    assertEquals(
        Optional.empty(), scheduler.place(request.onNodes(Set.of("a")).excluding(Set.of("a"))));
    assertEquals(Optional.empty(), scheduler.decide(request.onNodes(Set.of("no-such-node"))));
  }

  @Test
  void filtersOnArchitectureAndDomainType() {
    add("x86", "x86_64", Set.of("qemu", "kvm"), 8, 5);
    add("arm", "aarch64", Set.of("qemu"), 8, 5);
    Scheduler scheduler = scheduler(CONFIG);

    assertEquals("arm", scheduler.decide(PlacementRequest.of(1, 256, "aarch64")).get().nodeId());
    assertEquals(
        "x86",
        scheduler
            .decide(PlacementRequest.of(1, 256, "x86_64").withDomainType("kvm"))
            .get()
            .nodeId());
    assertEquals(
        Optional.empty(),
        scheduler.decide(PlacementRequest.of(1, 256, "aarch64").withDomainType("kvm")));
    assertEquals(Optional.empty(), scheduler.decide(PlacementRequest.of(1, 256, "riscv64")));
  }

  @Test
  void untypedRequestUsesTheCheapestOfferedTypeAndPrefersLowOverhead() {
    add("tcg-only", "x86_64", Set.of("qemu"), 8, 5);
    add("with-kvm", "x86_64", Set.of("qemu", "kvm"), 8, 5);
    Scheduler scheduler = scheduler(CONFIG);

    Claim claim = scheduler.place(PlacementRequest.of(1, 256, "x86_64")).orElseThrow();

    assertEquals("with-kvm", claim.nodeId());
    assertEquals("kvm", claim.domainType());
    assertEquals(256 + 64, claim.memoryMiB());
  }

  @Test
  void capacityFilterCountsTheHypervisorOverhead() {
    add("n", "x86_64", Set.of("qemu"), 8, 5);
    Scheduler scheduler = scheduler(CONFIG);

    // 4096 MiB allocatable; qemu costs 128 MiB per VM on top of guest memory.
    assertEquals(Optional.empty(), scheduler.place(PlacementRequest.of(1, 4096 - 127, "x86_64")));
    Claim exact = scheduler.place(PlacementRequest.of(1, 4096 - 128, "x86_64")).orElseThrow();
    assertEquals(4096, exact.memoryMiB());
    assertEquals(new Scheduler.Reserved(1, 4096), scheduler.reserved("n"));
    assertEquals(Optional.empty(), scheduler.place(PlacementRequest.of(1, 1, "x86_64")));
  }

  @Test
  void vcpuCapFollowsTheAllocationRatio() {
    add("n", "x86_64", Set.of("qemu"), 2, 65);
    SchedulerConfig overcommit = new SchedulerConfig(3.0, 1024, Map.of(), 0, Fit.SPREAD, 1, 1, 0);
    Scheduler scheduler = scheduler(overcommit);

    assertTrue(scheduler.place(PlacementRequest.of(6, 256, "x86_64")).isPresent());
    assertEquals(Optional.empty(), scheduler.place(PlacementRequest.of(1, 256, "x86_64")));
  }

  @Test
  void requiresLabelsAndTrustedSites() {
    pool.register(
        new Node("ssd-a", "test:///default", NodeState.ACTIVE, Map.of("disk", "ssd"), "site-a"),
        capacity("x86_64", Set.of("qemu"), 8, 5));
    pool.register(
        new Node("hdd-b", "test:///default", NodeState.ACTIVE, Map.of("disk", "hdd"), "site-b"),
        capacity("x86_64", Set.of("qemu"), 8, 5));
    Scheduler scheduler = scheduler(CONFIG);
    PlacementRequest base = PlacementRequest.of(1, 256, "x86_64");

    assertEquals("ssd-a", scheduler.decide(base.withLabels(Map.of("disk", "ssd"))).get().nodeId());
    assertEquals("hdd-b", scheduler.decide(base.inSites(Set.of("site-b"))).get().nodeId());
    assertEquals(
        Optional.empty(),
        scheduler.decide(base.withLabels(Map.of("disk", "ssd")).inSites(Set.of("site-b"))));
    assertEquals(Optional.empty(), scheduler.decide(base.withLabels(Map.of("gpu", "yes"))));
    assertEquals(Optional.empty(), scheduler.decide(base.inSites(Set.of("site-z"))));
  }

  @Test
  void affinityGroupMembersShareTheFirstMembersNode() {
    add("a", "x86_64", Set.of("qemu"), 8, 5);
    add("b", "x86_64", Set.of("qemu"), 8, 5);
    Scheduler scheduler = scheduler(CONFIG);
    PlacementRequest member =
        PlacementRequest.of(1, 256, "x86_64").inGroup(new PlacementGroup("web", Policy.AFFINITY));

    String first = scheduler.place(member).orElseThrow().nodeId();
    // Spread alone would now prefer the other, emptier node.
    assertNotEquals(first, scheduler.decide(PlacementRequest.of(1, 256, "x86_64")).get().nodeId());
    assertEquals(first, scheduler.place(member).orElseThrow().nodeId());
    assertEquals(first, scheduler.place(member).orElseThrow().nodeId());
  }

  @Test
  void antiAffinityGroupMembersNeverShareANode() {
    add("a", "x86_64", Set.of("qemu"), 8, 5);
    add("b", "x86_64", Set.of("qemu"), 8, 5);
    add("c", "x86_64", Set.of("qemu"), 8, 5);
    Scheduler scheduler = scheduler(CONFIG);
    PlacementRequest member =
        PlacementRequest.of(1, 256, "x86_64")
            .inGroup(new PlacementGroup("db", Policy.ANTI_AFFINITY));

    Set<String> nodes = new HashSet<>();
    Claim firstClaim = scheduler.place(member).orElseThrow();
    nodes.add(firstClaim.nodeId());
    nodes.add(scheduler.place(member).orElseThrow().nodeId());
    nodes.add(scheduler.place(member).orElseThrow().nodeId());

    assertEquals(Set.of("a", "b", "c"), nodes);
    assertEquals(Optional.empty(), scheduler.place(member));
    scheduler.release(firstClaim);
    assertEquals(firstClaim.nodeId(), scheduler.place(member).orElseThrow().nodeId());
  }

  @Test
  void prefersTheNodeThatAlreadyCachesTheWantedPartitions() {
    add("a", "x86_64", Set.of("qemu"), 8, 5);
    add("b", "x86_64", Set.of("qemu"), 8, 5);
    add("c", "x86_64", Set.of("qemu"), 8, 5);
    cache.record("b", "sha256-root", 900 * 1024 * 1024);
    cache.record("c", "sha256-data", 100 * 1024 * 1024);
    Scheduler scheduler = scheduler(CONFIG);
    PlacementRequest request =
        PlacementRequest.of(1, 256, "x86_64").withPartitions(List.of("sha256-root", "sha256-data"));

    assertEquals("b", scheduler.decide(request).get().nodeId());
    cache.forget("b", "sha256-root");
    assertEquals("c", scheduler.decide(request).get().nodeId());
  }

  @Test
  void spreadPicksTheEmptiestNodeAndPackTheFullest() {
    add("a", "x86_64", Set.of("qemu"), 8, 5);
    add("b", "x86_64", Set.of("qemu"), 8, 5);
    Scheduler spread = scheduler(CONFIG);
    PlacementRequest request = PlacementRequest.of(1, 512, "x86_64");

    String first = spread.place(request).orElseThrow().nodeId();
    String second = spread.place(request).orElseThrow().nodeId();
    assertNotEquals(first, second);

    Scheduler pack = new Scheduler(pool, cache, new InMemoryClaimStore(), CONFIG.withFit(Fit.PACK));
    String packedFirst = pack.place(request).orElseThrow().nodeId();
    assertEquals(packedFirst, pack.place(request).orElseThrow().nodeId());
  }

  @Test
  void seesNodesRegisteredAfterConstruction() {
    Scheduler scheduler = scheduler(CONFIG);
    assertEquals(Optional.empty(), scheduler.decide(PlacementRequest.of(1, 256, "x86_64")));

    add("late", "x86_64", Set.of("qemu"), 8, 5);

    assertEquals("late", scheduler.decide(PlacementRequest.of(1, 256, "x86_64")).get().nodeId());
  }

  @Test
  void persistsClaimsAndRestoresThemAsReserved() {
    add("n", "x86_64", Set.of("qemu"), 8, 5);
    Scheduler first = scheduler(CONFIG);
    Claim claim = first.place(PlacementRequest.of(2, 1000, "x86_64")).orElseThrow();
    assertEquals(List.of(claim), store.loadAll());

    Scheduler restarted = scheduler(CONFIG);

    assertEquals(new Scheduler.Reserved(2, 1128), restarted.reserved("n"));
    restarted.release(claim);
    restarted.release(claim);
    assertEquals(new Scheduler.Reserved(0, 0), restarted.reserved("n"));
    assertEquals(List.of(), store.loadAll());
  }

  @Test
  void undoesTheReservationWhenTheClaimCannotBePersisted() {
    add("n", "x86_64", Set.of("qemu"), 8, 5);
    ClaimStore failing =
        new ClaimStore() {
          @Override
          public void save(Claim claim) {
            throw new IllegalStateException("database unavailable");
          }

          @Override
          public void delete(UUID id) {}

          @Override
          public List<Claim> loadAll() {
            return List.of();
          }
        };
    Scheduler scheduler = new Scheduler(pool, cache, failing, CONFIG);
    PlacementRequest member =
        PlacementRequest.of(1, 256, "x86_64")
            .inGroup(new PlacementGroup("g", Policy.ANTI_AFFINITY));

    assertThrows(IllegalStateException.class, () -> scheduler.place(member));

    assertEquals(new Scheduler.Reserved(0, 0), scheduler.reserved("n"));
    assertEquals("n", scheduler.decide(member).orElseThrow().nodeId());
  }

  private Scheduler scheduler(SchedulerConfig config) {
    return new Scheduler(pool, cache, store, config);
  }

  private void add(String id, String arch, Set<String> types, int cpus, long memoryGib) {
    pool.register(
        Node.active(id, "test:///default", "site"), capacity(arch, types, cpus, memoryGib));
  }

  static NodeCapacity capacity(String arch, Set<String> types, int cpus, long memoryGib) {
    return new NodeCapacity(cpus, memoryGib * GIB, 0, Set.of(arch), types, List.of());
  }
}
