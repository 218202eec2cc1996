package dev.hangar.marketplace.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.scheduler.Claim;
import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.jobs.Job;
import dev.hangar.marketplace.jobs.JobQueue;
import dev.hangar.marketplace.jobs.JobWorker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two "instances" sharing one database. An instance here is a {@link JobWorker} or {@link
 * PgClaimStore} on its own JDBC data source (its own PostgreSQL connections, not the service's
 * pool) and its own worker id, in this JVM; they meet only in the database, as two service
 * processes would. Quarkus runs only to migrate the schema; its own worker never takes these jobs
 * (their kinds are unknown to it).
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class SharedDatabaseTest {

  @Test
  void twoWorkersDoEachJobExactlyOnce() throws Exception {
    String kind = "t-" + UUID.randomUUID().toString().substring(0, 8);
    Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> byWorker = new ConcurrentHashMap<>();
    int jobs = 200;
    CountDownLatch done = new CountDownLatch(jobs);
    JobQueue producer = new JobQueue(dataSource(), Clock.systemUTC());
    for (int i = 0; i < jobs; i++) {
      producer.enqueue(UUID.randomUUID(), kind);
    }
    List<JobWorker> workers = new ArrayList<>();
    for (String name : List.of("instance-1", "instance-2")) {
      JobQueue queue = new JobQueue(dataSource(), Clock.systemUTC());
      workers.add(
          new JobWorker(
              queue,
              name,
              Map.of(
                  kind,
                  job -> {
                    runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
                    byWorker.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    sleep(5); // long enough for the two to interleave
                    done.countDown();
                  }),
              new JobWorker.Settings(
                  4, Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofMillis(50))));
    }
    workers.forEach(JobWorker::start);
    try {
      assertTrue(done.await(120, TimeUnit.SECONDS), "all jobs ran");
    } finally {
      workers.forEach(w -> w.stop(Duration.ofSeconds(5)));
    }
    assertEquals(jobs, runs.size());
    assertTrue(runs.values().stream().allMatch(n -> n.get() == 1), "each job ran once: " + runs);
    assertEquals(2, byWorker.size(), "both instances took jobs: " + byWorker);
    assertEquals(0, countOpen(kind), "every job is DONE");
  }

  @Test
  void jobOfAWorkerThatDiedIsTakenOverAfterItsLease() throws Exception {
    String kind = "t-" + UUID.randomUUID().toString().substring(0, 8);
    JobQueue dead = new JobQueue(dataSource(), Clock.systemUTC());
    JobQueue alive = new JobQueue(dataSource(), Clock.systemUTC());
    UUID id = dead.enqueue(UUID.randomUUID(), kind);

    Job taken = dead.take("dead", List.of(kind), Duration.ofMillis(500)).orElseThrow();
    assertEquals(false, taken.recovered());
    assertEquals(Optional.empty(), alive.take("alive", List.of(kind), Duration.ofSeconds(10)));
    // The dead worker never renews; once its lease is over the job is due again.
    Thread.sleep(800);
    Job again = alive.take("alive", List.of(kind), Duration.ofSeconds(10)).orElseThrow();
    assertEquals(id, again.id());
    assertTrue(again.recovered());
    assertEquals(2, again.attempts());
    assertEquals(false, dead.complete(id, "dead"), "the dead worker lost its lease");
    assertTrue(alive.complete(id, "alive"));
  }

  @Test
  void concurrentClaimsFromTwoStoresNeverOvercommitANode() throws Exception {
    String node = "race-" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into vmm_node (name, uri, state, labels, site, origin, created_at,"
                    + " vcpu_cap, memory_cap_mib) values (?, ?, 'ACTIVE', '{}', 'local', 'API', ?,"
                    + " 10, 100000)")) {
      s.setString(1, node);
      s.setString(2, "test:///" + node);
      s.setObject(3, OffsetDateTime.now());
      s.executeUpdate();
    }
    List<PgClaimStore> stores =
        List.of(new PgClaimStore(dataSource()), new PgClaimStore(dataSource()));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> results = new ArrayList<>();
    Set<UUID> saved = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 40; i++) {
      PgClaimStore store = stores.get(i % 2);
      results.add(
          pool.submit(
              () -> {
                Claim claim = new Claim(UUID.randomUUID(), node, "test", 1, 100, Optional.empty());
                try {
                  store.save(claim);
                  saved.add(claim.id());
                  return true;
                } catch (CapacityTakenException e) {
                  return false;
                }
              }));
    }
    int won = 0;
    for (Future<Boolean> r : results) {
      won += r.get() ? 1 : 0;
    }
    pool.shutdown();
    assertEquals(10, won, "exactly the node's 10 vCPUs were claimed");
    assertEquals(10, used(node));
    CapacityTakenException full =
        assertThrows(
            CapacityTakenException.class,
            () ->
                stores
                    .get(0)
                    .save(new Claim(UUID.randomUUID(), node, "test", 1, 1, Optional.empty())));
    assertEquals(node, full.node());
    for (UUID id : saved) {
      stores.get(1).delete(id);
      stores.get(0).delete(id); // a second release changes nothing
    }
    assertEquals(0, used(node));
    try (Connection c = dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("delete from vmm_node where name = ?")) {
      s.setString(1, node);
      s.executeUpdate();
    }
  }

  private static PGSimpleDataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class));
    ds.setUser(ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class));
    return ds;
  }

  private static int used(String node) throws Exception {
    try (Connection c = dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("select used_cpus from vmm_node where name = ?")) {
      s.setString(1, node);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static int countOpen(String kind) throws Exception {
    try (Connection c = dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*) from deploy_job where kind = ? and status <> 'DONE'")) {
      s.setString(1, kind);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
