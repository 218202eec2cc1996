package dev.hangar.deployer.scheduler;

import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.pool.Node;
import dev.hangar.deployer.pool.NodeCapacity;
import dev.hangar.deployer.pool.NodePool;
import dev.hangar.deployer.pool.NodeProbe;
import dev.hangar.deployer.pool.NodeState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scheduler benchmark (not a unit test): a simulated pool of heterogeneous nodes, measured for the
 * in-memory decision alone and for place + release with an in-memory claim store.
 *
 * <p>Run: {@code mvn -q -pl deployer test-compile exec:java
 * -Dexec.mainClass=dev.hangar.deployer.scheduler.SchedulerBench -Dexec.classpathScope=test
 * [-Dexec.args="<nodes> <operations>"]}.
 */
public final class SchedulerBench {
  private static final long GIB = 1L << 30;
  private static final String[] ARCHES = {"x86_64", "x86_64", "x86_64", "x86_64", "aarch64"};
  private static final int DIGESTS = 400;

  private SchedulerBench() {}

  /** Arguments: node count (default 5000), operations per measurement (default 200000). */
  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int operations = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    Random random = new Random(42);
    try (LibvirtConnections connections = new LibvirtConnections()) {
      NodePool pool = new NodePool(connections, new NodeProbe());
      CacheIndex cache = new CacheIndex();
      populate(pool, cache, nodes, random);
      Scheduler scheduler =
          new Scheduler(pool, cache, new InMemoryClaimStore(), SchedulerConfig.defaults());
      List<PlacementRequest> requests = requests(random);
      System.out.printf(
          "pool: %d nodes, %d cached digests, %d request shapes, %d CPUs available%n",
          nodes, DIGESTS, requests.size(), Runtime.getRuntime().availableProcessors());
      // Warm-up so the JIT has compiled the search loop before anything is timed.
      run("warm-up", 1, operations / 2, requests, scheduler, false, false);
      run("decide (in memory), 1 thread", 1, operations, requests, scheduler, false, true);
      run("decide (in memory), 2 threads", 2, operations, requests, scheduler, false, true);
      run("place+release, 1 thread", 1, operations, requests, scheduler, true, true);
      run("place+release, 2 threads", 2, operations, requests, scheduler, true, true);
    }
  }

  private static void populate(NodePool pool, CacheIndex cache, int nodes, Random random) {
    for (int i = 0; i < nodes; i++) {
      String arch = ARCHES[random.nextInt(ARCHES.length)];
      Set<String> types = random.nextInt(3) == 0 ? Set.of("qemu") : Set.of("qemu", "kvm");
      int cpus = 16 << random.nextInt(3);
      long memory = (64L << random.nextInt(3)) * GIB;
      Map<String, String> labels =
          Map.of("disk", random.nextBoolean() ? "ssd" : "hdd", "rack", "r" + random.nextInt(40));
      String id = String.format("node-%05d", i);
      pool.register(
          new Node(id, "test:///default", NodeState.ACTIVE, labels, "site-" + random.nextInt(10)),
          new NodeCapacity(cpus, memory, memory / 2, Set.of(arch), types, List.of()));
    }
    for (int d = 0; d < DIGESTS; d++) {
      long size = (64L + random.nextInt(2048)) << 20;
      // Each digest is cached on about 2% of the nodes.
      for (int k = 0; k < nodes / 50; k++) {
        cache.record(String.format("node-%05d", random.nextInt(nodes)), "sha256-" + d, size);
      }
    }
  }

  private static List<PlacementRequest> requests(Random random) {
    List<PlacementRequest> requests = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      PlacementRequest request =
          PlacementRequest.of(1 + random.nextInt(4), 256 << random.nextInt(4), ARCHES[i % 5])
              .withPartitions(
                  List.of(
                      "sha256-" + random.nextInt(DIGESTS), "sha256-" + random.nextInt(DIGESTS)));
      if (i % 4 == 0) {
        request = request.withLabels(Map.of("disk", "ssd"));
      }
      if (i % 5 == 0) {
        request = request.inSites(Set.of("site-1", "site-2", "site-3"));
      }
      if (i % 3 == 0) {
        request = request.withDomainType("kvm");
      }
      requests.add(request);
    }
    return requests;
  }

  private static void run(
      String name,
      int threads,
      int operations,
      List<PlacementRequest> requests,
      Scheduler scheduler,
      boolean claim,
      boolean print)
      throws Exception {
    int perThread = operations / threads;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int offset = t * 7919;
        futures.add(executor.submit(() -> measure(perThread, offset, requests, scheduler, claim)));
      }
      long[] latencies = new long[perThread * threads];
      int filled = 0;
      for (Future<long[]> future : futures) {
        long[] part = future.get();
        System.arraycopy(part, 0, latencies, filled, part.length);
        filled += part.length;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (print) {
        Arrays.sort(latencies);
        System.out.printf(
            "%-32s %9.0f ops/s   p50 %6.1f us   p99 %6.1f us   (%d ops)%n",
            name,
            latencies.length / seconds,
            latencies[latencies.length / 2] / 1e3,
            latencies[(int) (latencies.length * 0.99)] / 1e3,
            latencies.length);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private static long[] measure(
      int count, int offset, List<PlacementRequest> requests, Scheduler scheduler, boolean claim) {
    long[] latencies = new long[count];
    int found = 0;
    for (int i = 0; i < count; i++) {
      PlacementRequest request = requests.get((i + offset) % requests.size());
      long begin = System.nanoTime();
      if (claim) {
        Optional<Claim> placed = scheduler.place(request);
        if (placed.isPresent()) {
          scheduler.release(placed.get());
          found++;
        }
      } else if (scheduler.decide(request).isPresent()) {
        found++;
      }
      latencies[i] = System.nanoTime() - begin;
    }
    if (found == 0) {
      throw new IllegalStateException("no request could be placed: the benchmark is broken");
    }
    return latencies;
  }
}
