package dev.hangar.deployer.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.libvirt.LibvirtConnections;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePoolTest {
  private final LibvirtConnections connections = new LibvirtConnections();
  private final NodePool pool = new NodePool(connections, new NodeProbe());

  @TempDir Path dir;

  @AfterEach
  void close() {
    connections.close();
  }

  @Test
  void healthCheckProbesCapacityOfEveryReachableNode() {
    pool.register(Node.active("small", TestNodes.uri("small-x86"), "a"));
    pool.register(Node.active("big", TestNodes.uri("big-x86"), "b"));

    HealthReport report = pool.checkHealth();

    assertEquals(Map.of("small", NodeState.ACTIVE, "big", NodeState.ACTIVE), report.states());
    assertEquals(2, pool.get("small").orElseThrow().capacity().orElseThrow().cpus());
    assertEquals(32, pool.get("big").orElseThrow().capacity().orElseThrow().cpus());
  }

  @Test
  void marksUnreachableNodeDownAndBringsItBackOnceItAnswers() throws IOException {
    Path definition = dir.resolve("late.xml");
    pool.register(Node.active("late", "test://" + definition, "a"));

    HealthReport down = pool.checkHealth();

    assertEquals(NodeState.DOWN, down.states().get("late"));
    assertTrue(down.failures().containsKey("late"));
    assertTrue(pool.get("late").orElseThrow().capacity().isEmpty());

    // The node "comes up": its definition appears, so a fresh connection now succeeds.
    try (InputStream in = getClass().getResourceAsStream("/nodes/small-x86.xml")) {
      Files.copy(in, definition);
    }
    HealthReport up = pool.checkHealth();

    assertEquals(NodeState.ACTIVE, up.states().get("late"));
    assertEquals(Map.of(), up.failures());
    assertEquals(2, pool.get("late").orElseThrow().capacity().orElseThrow().cpus());
  }

  @Test
  void healthCheckNeverOverridesOperatorStates() {
    pool.register(Node.active("drained", "test:///no/such/node.xml", "a"));
    pool.register(Node.active("serviced", "test:///no/such/other.xml", "a"));
    pool.drain("drained");
    pool.maintenance("serviced");

    HealthReport report = pool.checkHealth();

    assertEquals(NodeState.DRAINING, report.states().get("drained"));
    assertEquals(NodeState.MAINTENANCE, state("serviced"));
    assertTrue(report.failures().containsKey("drained"));
    assertTrue(!report.states().containsKey("serviced"), "maintenance nodes are not probed");
  }

  @Test
  void drainAndMaintenanceFollowTheAllowedTransitions() {
    pool.register(Node.active("n", "test:///default", "a"));

    pool.drain("n");
    pool.drain("n");
    assertEquals(NodeState.DRAINING, state("n"));
    pool.maintenance("n");
    assertThrows(IllegalStateException.class, () -> pool.drain("n"));
    pool.activate("n");
    assertEquals(NodeState.ACTIVE, state("n"));
  }

  @Test
  void downNodeCanOnlyBeRevivedByTheHealthCheck() {
    pool.register(Node.active("gone", "test:///no/such/node.xml", "a"));
    pool.checkHealth();

    assertThrows(IllegalStateException.class, () -> pool.activate("gone"));
    assertThrows(IllegalStateException.class, () -> pool.drain("gone"));
    pool.maintenance("gone");
    assertEquals(NodeState.MAINTENANCE, state("gone"));
  }

  @Test
  void snapshotIsStableUntilThePoolChanges() {
    pool.register(Node.active("n", "test:///default", "a"));
    PoolSnapshot first = pool.snapshot();

    assertSame(first, pool.snapshot());
    pool.drain("n");

    assertNotEquals(first.version(), pool.snapshot().version());
    assertThrows(IllegalArgumentException.class, () -> pool.register(first.nodes().get(0).node()));
    pool.remove("n");
    assertEquals(0, pool.snapshot().nodes().size());
  }

  private NodeState state(String id) {
    return pool.get(id).orElseThrow().node().state();
  }
}
