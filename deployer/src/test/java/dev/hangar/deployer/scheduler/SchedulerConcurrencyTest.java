package dev.hangar.deployer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.pool.Node;
import dev.hangar.deployer.pool.NodePool;
import dev.hangar.deployer.pool.NodeProbe;
import dev.hangar.deployer.scheduler.SchedulerConfig.Fit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchedulerConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ATTEMPTS_PER_THREAD = 200;

  @Test
  void concurrentPlacementsNeverExceedAnyNodesCapacity() throws Exception {
    try (LibvirtConnections connections = new LibvirtConnections()) {
      NodePool pool = new NodePool(connections, new NodeProbe());
      // Allocatable per node: 6 vCPUs and 3072 MiB; each request takes 1 vCPU + 640 MiB (with
      // 128 MiB overhead), so memory binds first: 4 per node, 12 in all.
      for (String id : List.of("a", "b", "c")) {
        pool.register(
            Node.active(id, "test:///default", "s"),
            SchedulerTest.capacity("x86_64", Set.of("qemu"), 6, 4));
      }
      InMemoryClaimStore store = new InMemoryClaimStore();
      Scheduler scheduler =
          new Scheduler(
              pool,
              new CacheIndex(),
              store,
              new SchedulerConfig(1.0, 1024, Map.of("qemu", 128), 128, Fit.SPREAD, 1, 1, 1));
      ConcurrentLinkedQueue<Claim> claims = new ConcurrentLinkedQueue<>();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService executor = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> futures =
            java.util.stream.IntStream.range(0, THREADS)
                .<Future<?>>mapToObj(
                    t ->
                        executor.submit(
                            () -> {
                              start.await();
                              for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
                                Optional<Claim> claim =
                                    scheduler.place(PlacementRequest.of(1, 512, "x86_64"));
                                claim.ifPresent(claims::add);
                                if (i % 7 == 0 && claim.isPresent()) {
                                  // Churn: some claims come back, making room for others.
                                  scheduler.release(claim.get());
                                  claims.remove(claim.get());
                                }
                                for (String id : List.of("a", "b", "c")) {
                                  Scheduler.Reserved r = scheduler.reserved(id);
                                  assertTrue(r.memoryMiB() <= 3072 && r.vcpus() <= 6, id + r);
                                }
                              }
                              return null;
                            }))
                .toList();
        start.countDown();
        for (Future<?> future : futures) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        executor.shutdownNow();
      }

      assertEquals(12, claims.size(), "every unit of capacity is claimed, none twice");
      for (String id : List.of("a", "b", "c")) {
        assertEquals(new Scheduler.Reserved(4, 4 * 640), scheduler.reserved(id));
        assertEquals(4, claims.stream().filter(c -> c.nodeId().equals(id)).count());
      }
      assertEquals(12, store.loadAll().size());
      claims.forEach(scheduler::release);
      assertEquals(new Scheduler.Reserved(0, 0), scheduler.reserved("a"));
    }
  }
}
