package dev.hangar.marketplace.pool;

import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.pool.Node;
import dev.hangar.deployer.pool.NodeCapacity;
import dev.hangar.deployer.pool.NodePool;
import dev.hangar.deployer.pool.NodeProbe;
import dev.hangar.deployer.pool.NodeState;
import dev.hangar.deployer.scheduler.CacheIndex;
import dev.hangar.deployer.scheduler.Claim;
import dev.hangar.deployer.scheduler.PlacementRequest;
import dev.hangar.deployer.scheduler.Scheduler;
import dev.hangar.deployer.scheduler.SchedulerConfig;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;

/**
 * Placement benchmark with the claim persisted in PostgreSQL (not a unit test): 5,000 simulated
 * nodes in the {@code vmm_node} table and in the scheduler's pool; each operation is {@link
 * Scheduler#place} end to end (filters, cache-locality weighing, in-memory reservation, then {@link
 * PgClaimStore#save}: conditional UPDATE of the node's usage + INSERT of the claim, committed). The
 * pool is large enough that the measured placements never fill it; after each measurement every
 * claim is released (persisted too), timed and printed on its own line.
 *
 * <p>Run: {@code scripts/bench-claims.sh [nodes] [operations]}. It WIPES the database it is given
 * ({@code HANGAR_BENCH_DB_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/hangar_sched}) and
 * migrates it with the service's migrations.
 */
public final class PersistedPlacementBench {
  private static final String[] ARCHES = {"x86_64", "x86_64", "x86_64", "x86_64", "aarch64"};
  private static final int DIGESTS = 400;

  private PersistedPlacementBench() {}

  /** Arguments: node count (default 5000), placements per measurement (default 20000). */
  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int operations = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    String url =
        System.getenv()
            .getOrDefault("HANGAR_BENCH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/hangar_sched");
    String user = System.getenv().getOrDefault("HANGAR_BENCH_DB_USER", "postgres");
    String password = System.getenv().getOrDefault("HANGAR_BENCH_DB_PASSWORD", "");
    try (AgroalDataSource db = dataSource(url, user, password);
        LibvirtConnections connections = new LibvirtConnections()) {
      Flyway.configure().dataSource(db).cleanDisabled(false).load().clean();
      Flyway.configure().dataSource(db).load().migrate();
      Random random = new Random(42);
      NodePool pool = new NodePool(connections, new NodeProbe());
      CacheIndex cache = new CacheIndex();
      SchedulerConfig config = SchedulerConfig.defaults();
      populate(db, pool, cache, nodes, random, config);
      PgClaimStore store = new PgClaimStore(db);
      Scheduler scheduler = new Scheduler(pool, cache, store, config);
      List<PlacementRequest> requests = requests(random);
      System.out.printf(
          "pool: %d nodes in PostgreSQL (%s), %d cached digests, %d request shapes, %d CPUs%n",
          nodes, url, DIGESTS, requests.size(), Runtime.getRuntime().availableProcessors());
      run("warm-up", 4, operations / 4, requests, scheduler);
      for (int threads : new int[] {1, 4, 16}) {
        run(
            "place (persisted claim), " + threads + " threads",
            threads,
            operations,
            requests,
            scheduler);
      }
    }
  }

  private static AgroalDataSource dataSource(String url, String user, String password)
      throws Exception {
    return AgroalDataSource.from(
        new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(
                pool ->
                    pool.maxSize(20)
                        .minSize(0)
                        .connectionFactoryConfiguration(
                            factory ->
                                factory
                                    .jdbcUrl(url)
                                    .autoCommit(true)
                                    .principal(new NamePrincipal(user))
                                    .credential(new SimplePassword(password)))));
  }

  private static void populate(
      AgroalDataSource db,
      NodePool pool,
      CacheIndex cache,
      int nodes,
      Random random,
      SchedulerConfig config)
      throws Exception {
    String sql =
        "insert into vmm_node (name, uri, state, labels, site, origin, reachable, cpus, memory_mib,"
            + " arches, domain_types, vcpu_cap, memory_cap_mib, created_at)"
            + " values (?, ?, 'ACTIVE', '{}', ?, 'API', true, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < nodes; i++) {
        String arch = ARCHES[random.nextInt(ARCHES.length)];
        Set<String> types = random.nextInt(3) == 0 ? Set.of("qemu") : Set.of("qemu", "kvm");
        int cpus = 16 << random.nextInt(3);
        long memoryMiB = (64L << random.nextInt(3)) * 1024;
        Map<String, String> labels =
            Map.of("disk", random.nextBoolean() ? "ssd" : "hdd", "rack", "r" + random.nextInt(40));
        String id = String.format("node-%05d", i);
        String site = "site-" + random.nextInt(10);
        pool.register(
            new Node(id, "test:///" + id, NodeState.ACTIVE, labels, site),
            new NodeCapacity(cpus, memoryMiB << 20, 0, Set.of(arch), types, List.of()));
        s.setString(1, id);
        s.setString(2, "test:///" + id);
        s.setString(3, site);
        s.setInt(4, cpus);
        s.setLong(5, memoryMiB);
        s.setString(6, arch);
        s.setString(7, String.join(",", types));
        // The same caps the scheduler's topology computes, as the health check records them.
        s.setInt(7 + 1, (int) Math.floor(cpus * config.cpuAllocationRatio()));
        s.setLong(9, memoryMiB - config.hostReservedMiB());
        s.setObject(10, OffsetDateTime.now());
        s.addBatch();
      }
      s.executeBatch();
    }
    for (int d = 0; d < DIGESTS; d++) {
      long size = (64L + random.nextInt(2048)) << 20;
      for (int k = 0; k < nodes / 50; k++) {
        cache.record(String.format("node-%05d", random.nextInt(nodes)), "sha256-" + d, size);
      }
    }
  }

  private static List<PlacementRequest> requests(Random random) {
    List<PlacementRequest> requests = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      PlacementRequest r =
          PlacementRequest.of(1 + random.nextInt(4), 512 << random.nextInt(4), ARCHES[i % 5])
              .withPartitions(
                  List.of(
                      "sha256-" + random.nextInt(DIGESTS), "sha256-" + random.nextInt(DIGESTS)));
      if (random.nextInt(3) == 0) {
        r = r.withLabels(Map.of("disk", "ssd"));
      }
      if (random.nextInt(4) == 0) {
        int site = random.nextInt(10);
        r = r.inSites(Set.of("site-" + site, "site-" + (site + 1) % 10));
      }
      if (random.nextInt(5) == 0) {
        r = r.withDomainType("kvm");
      }
      requests.add(r);
    }
    return requests;
  }

  private static void run(
      String label, int threads, int operations, List<PlacementRequest> requests, Scheduler s)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    int perThread = operations / threads;
    List<Claim> claims = java.util.Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    List<Future<long[]>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t * 7919;
      parts.add(
          pool.submit(
              () -> {
                long[] latencies = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                  PlacementRequest request = requests.get((offset + i) % requests.size());
                  long t0 = System.nanoTime();
                  Claim claim =
                      s.place(request)
                          .orElseThrow(() -> new IllegalStateException("pool full: " + request));
                  latencies[i] = System.nanoTime() - t0;
                  claims.add(claim);
                }
                return latencies;
              }));
    }
    long[] all = collect(parts, perThread * threads);
    double seconds = (System.nanoTime() - start) / 1e9;
    long releaseStart = System.nanoTime();
    List<Future<long[]>> releases = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<Claim> mine = new ArrayList<>();
      for (int i = t; i < claims.size(); i += threads) {
        mine.add(claims.get(i));
      }
      releases.add(
          pool.submit(
              () -> {
                long[] latencies = new long[mine.size()];
                for (int i = 0; i < mine.size(); i++) {
                  long t0 = System.nanoTime();
                  s.release(mine.get(i));
                  latencies[i] = System.nanoTime() - t0;
                }
                return latencies;
              }));
    }
    long[] released = collect(releases, claims.size());
    double releaseSeconds = (System.nanoTime() - releaseStart) / 1e9;
    pool.shutdown();
    if (!label.equals("warm-up")) {
      print(label, all, seconds);
      print("  release (persisted), same threads", released, releaseSeconds);
    }
  }

  private static long[] collect(List<Future<long[]>> parts, int size) throws Exception {
    long[] all = new long[size];
    int k = 0;
    for (Future<long[]> part : parts) {
      long[] latencies = part.get();
      System.arraycopy(latencies, 0, all, k, latencies.length);
      k += latencies.length;
    }
    return all;
  }

  private static void print(String label, long[] latencies, double seconds) {
    Arrays.sort(latencies);
    System.out.printf(
        "%-40s %8.0f ops/s   p50 %7.2f ms   p99 %7.2f ms   (%d ops)%n",
        label,
        latencies.length / seconds,
        latencies[latencies.length / 2] / 1e6,
        latencies[(int) (latencies.length * 0.99)] / 1e6,
        latencies.length);
  }
}
