package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IpPoolTest {
  private static IpPool pool(String cidr, String gateway) {
    return new IpPool(Ipv4Cidr.parse(cidr), Optional.ofNullable(gateway).map(Ipv4Address::parse));
  }

  @Test
  void handsOutLowestHostAddressesSkippingNetworkAndGateway() {
    IpPool pool = pool("192.168.10.0/24", "192.168.10.1");
    assertEquals("192.168.10.2", pool.allocate().toString());
    assertEquals("192.168.10.3", pool.allocate().toString());
  }

  @Test
  void neverHandsOutBroadcastAndReportsExhaustion() {
    IpPool pool = pool("10.0.0.0/29", "10.0.0.6");
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      got.add(pool.allocate().toString());
    }
    assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"), got);
    assertEquals(0, pool.available());
    assertThrows(IpPoolExhaustedException.class, pool::allocate);
  }

  @Test
  void releasedAddressIsReusedFirst() {
    IpPool pool = pool("10.1.0.0/24", null);
    Ipv4Address first = pool.allocate();
    pool.allocate();
    pool.release(first);
    assertFalse(pool.isAllocated(first));
    assertEquals(first, pool.allocate());
  }

  @Test
  void equalCallSequencesGiveEqualAddresses() {
    IpPool a = pool("172.16.0.0/16", "172.16.0.1");
    IpPool b = pool("172.16.0.0/16", "172.16.0.1");
    a.reserve(Ipv4Address.parse("172.16.0.3"));
    b.reserve(Ipv4Address.parse("172.16.0.3"));
    for (int i = 0; i < 300; i++) {
      assertEquals(a.allocate(), b.allocate());
    }
  }

  @Test
  void rejectsReleasingWhatWasNotAllocatedOrLiesOutside() {
    IpPool pool = pool("10.2.0.0/24", "10.2.0.1");
    assertThrows(IllegalArgumentException.class, () -> pool.release(Ipv4Address.parse("10.2.0.9")));
    assertThrows(IllegalArgumentException.class, () -> pool.release(Ipv4Address.parse("10.2.0.1")));
    assertThrows(IllegalArgumentException.class, () -> pool.release(Ipv4Address.parse("10.3.0.9")));
    assertThrows(
        IllegalArgumentException.class, () -> pool.reserve(Ipv4Address.parse("10.2.0.255")));
  }

  @Test
  void rejectsRangeNotGivenByItsNetworkAddressOrGatewayOutside() {
    assertThrows(IllegalArgumentException.class, () -> pool("10.0.0.5/24", null));
    assertThrows(IllegalArgumentException.class, () -> pool("10.0.0.0/24", "10.0.1.1"));
    assertThrows(IllegalArgumentException.class, () -> pool("10.0.0.0/31", null));
  }

  @Test
  void concurrentAllocationsAreDistinct() throws Exception {
    IpPool pool = pool("10.9.0.0/22", "10.9.0.1");
    Set<Ipv4Address> seen = ConcurrentHashMap.newKeySet();
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < 250; i++) {
                    assertTrue(seen.add(pool.allocate()));
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      executor.shutdownNow();
    }
    assertEquals(1000, seen.size());
    assertEquals(1022 - 1 - 1000, pool.available());
  }

  @Test
  void addressingFeedsAStaticNetworkSpec() {
    IpPool pool = pool("10.20.0.0/24", "10.20.0.1");
    StaticAddressing addressing =
        pool.addressing(pool.allocate(), List.of(Ipv4Address.parse("10.20.0.1")));
    assertEquals("10.20.0.2/24", addressing.address().toString());
    assertEquals("10.20.0.1", addressing.gateway().orElseThrow().toString());
  }

  @Test
  void ipv4ParsingRejectsMalformedText() {
    for (String bad : List.of("10.0.0", "10.0.0.256", "10.0.0.01", "a.b.c.d", "10.0.0.1/33")) {
      assertThrows(
          IllegalArgumentException.class,
          () -> Ipv4Cidr.parse(bad.contains("/") ? bad : bad + "/24"),
          bad);
    }
  }
}
