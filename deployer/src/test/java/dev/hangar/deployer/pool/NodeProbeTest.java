package dev.hangar.deployer.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.libvirt.LibvirtConnections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Probes libvirt test-driver nodes; the test driver always offers i686 guests of type 'test'. */
class NodeProbeTest {
  private static final long GIB = 1L << 30;

  private final LibvirtConnections connections = new LibvirtConnections();
  private final NodeProbe probe = new NodeProbe();

  @AfterEach
  void close() {
    connections.close();
  }

  @Test
  void readsCpusMemoryAndPoolsOfACustomSmallNode() {
    NodeCapacity capacity = probe.probe(connections.get(TestNodes.uri("small-x86")));

    assertEquals(2, capacity.cpus());
    assertEquals(4 * GIB, capacity.memoryBytes());
    assertEquals(4096, capacity.memoryMiB());
    assertEquals(List.of("hangar-cache"), poolNames(capacity));
  }

  @Test
  void readsCpusMemoryAndEveryPoolOfACustomBigNode() {
    NodeCapacity capacity = probe.probe(connections.get(TestNodes.uri("big-x86")));

    assertEquals(32, capacity.cpus());
    assertEquals(128 * GIB, capacity.memoryBytes());
    assertEquals(List.of("bulk", "hangar-cache"), poolNames(capacity));
    for (StoragePoolCapacity pool : capacity.storagePools()) {
      assertTrue(pool.active());
      assertTrue(pool.capacityBytes() > 0 && pool.availableBytes() <= pool.capacityBytes());
    }
  }

  @Test
  void readsGuestArchesAndDomainTypesFromCapabilities() {
    NodeCapacity capacity = probe.probe(connections.get("test:///default"));

    assertEquals(Set.of("i686"), capacity.arches());
    assertEquals(Set.of("test"), capacity.domainTypes());
    assertEquals(16, capacity.cpus());
    assertTrue(capacity.freeMemoryBytes() <= capacity.memoryBytes());
  }

  @Test
  void simulatedNodeAlsoOffersTheArchitectureItsCpuModelNames() {
    NodeCapacity capacity = probe.probe(connections.get(TestNodes.uri("big-x86")));

    assertEquals(Set.of("i686", "x86_64"), capacity.arches());
  }

  private static List<String> poolNames(NodeCapacity capacity) {
    return capacity.storagePools().stream().map(StoragePoolCapacity::name).toList();
  }
}
