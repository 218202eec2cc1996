package dev.hangar.marketplace.jobs;

import static dev.hangar.marketplace.TestApi.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.marketplace.TestApi;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two service instances, each a JVM process running the packaged service ({@code
 * target/quarkus-app-postgres/quarkus-run.jar}), share one fresh PostgreSQL database, one blob
 * directory and a pool of two simulated (libvirt test-driver) nodes. Deployments are requested
 * through the REST API of both; the {@code deploy_job} rows then show each job taken and completed
 * once, by either instance. A deploy job on the simulated pool runs the whole runner (placement,
 * persisted claim, seed, staging) and ends FAILED with its claim released, since the test driver
 * cannot upload volumes: a real attempt to count, with no VM to boot.
 *
 * <p>The second test kills one instance with SIGKILL while it holds jobs; they stay RUNNING under
 * its lease until the lease runs out, and the other instance takes them over and finishes them.
 *
 * <p>Before them, an appliance made private and public again through one instance leaves and
 * rejoins the other instance's search results, which that instance holds in memory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {
  private static final int JOBS = 200;

  /**
   * Long enough that an instance stalled by a loaded machine still renews in time: a lease that
   * runs out on a live worker hands its job to the other instance while it still runs (JobQueue's
   * at-least-once under stalls longer than the lease), which the first test would rightly flag.
   */
  private static final Duration LEASE = Duration.ofSeconds(10);

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String DB_USER =
      System.getenv().getOrDefault("HANGAR_TEST_DB_USER", "postgres");

  private static String serverUrl;
  private static String dbUrl;
  private static Path work;
  private static final List<ServiceProcess> instances = new ArrayList<>();
  private static String applianceId;

  @BeforeAll
  static void startTwoInstances() throws Exception {
    String testDb =
        System.getenv()
            .getOrDefault("HANGAR_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/hangar_test");
    serverUrl = testDb.substring(0, testDb.lastIndexOf('/') + 1);
    String db = "hangar_it_" + RUN;
    try (Connection c = DriverManager.getConnection(testDb, DB_USER, "");
        Statement s = c.createStatement()) {
      s.execute("create database " + db);
    }
    dbUrl = serverUrl + db;
    Path jar =
        Path.of(System.getProperty("hangar.it.app", "target/quarkus-app-postgres/quarkus-run.jar"));
    assertTrue(Files.isRegularFile(jar), "the PostgreSQL build of the service exists: " + jar);
    work = Files.createDirectories(Path.of("target", "it-instances", RUN)).toAbsolutePath();
    Map<String, String> props = new HashMap<>();
    props.put("quarkus.profile", "postgres");
    props.put("hangar.auth.admin-token", TestApi.ADMIN_TOKEN);
    props.put("hangar.deployer.job-lease", LEASE.toMillis() + "ms");
    props.put("hangar.deployer.job-poll", "200ms");
    // One node per deployment: each job is one attempt through the whole runner.
    props.put("hangar.deployer.max-attempts", "1");
    props.put("hangar.deployer.pool", "hangar-it-cache");
    props.put("hangar.deployer.pool-dir", work.resolve("pool").toString());
    props.put("hangar.deployer.console-dir", work.resolve("console").toString());
    // A worker killed between placing its claim and recording it on the deployment leaves a claim
    // nothing references; the reconciler releases such claims once they are older than the grace.
    props.put("hangar.reconcile.interval", "1s");
    props.put("hangar.reconcile.orphan-grace", "10s");
    for (String node : List.of("sim-a", "sim-b")) {
      Path xml = work.resolve(node + ".xml");
      Files.copy(Path.of("src/test/resources/nodes", node + ".xml"), xml);
      props.put("hangar.deployer.nodes." + node + ".uri", "test://" + xml);
      props.put("hangar.deployer.nodes." + node + ".labels.pool", "it");
    }
    Map<String, String> env = Map.of("HANGAR_DB_URL", dbUrl, "HANGAR_DB_USER", DB_USER);
    // One after the other: the first migrates the schema and creates the shared keys in data/.
    for (int i = 1; i <= 2; i++) {
      Map<String, String> own = new HashMap<>(props);
      own.put("hangar.deployer.state-dir", "data/deployer-" + i);
      instances.add(
          ServiceProcess.start("instance-" + i, jar, work, own, env, Duration.ofMinutes(5)));
    }
    RestAssured.baseURI = "http://127.0.0.1";
    RestAssured.port = instances.get(0).port();
    String publisher = TestApi.unique("itpub");
    String token = TestApi.publisherToken(publisher);
    applianceId =
        TestApi.publishedAppliance(
            token,
            publisher,
            Map.of(),
            TestApi.bytes("kernel " + RUN),
            TestApi.bytes("initrd " + RUN),
            TestApi.bytes("root " + RUN));
  }

  @AfterAll
  static void stopInstancesAndDropDatabase() throws Exception {
    for (ServiceProcess instance : instances) {
      instance.close();
    }
    if (dbUrl != null) {
      try (Connection c = DriverManager.getConnection(serverUrl + "postgres", DB_USER, "");
          Statement s = c.createStatement()) {
        s.execute("drop database if exists hangar_it_" + RUN + " with (force)");
      }
    }
  }

  /**
   * Search results held in memory by one instance (its page cache, its copy of the public catalog)
   * follow a change made through the other, once the change's notification arrives.
   */
  @Test
  @Order(0)
  void aCatalogChangeThroughOneInstanceShowsInTheOthersSearch() throws Exception {
    String publisher = TestApi.unique("itsearch");
    String token = TestApi.publisherToken(publisher);
    String word = TestApi.unique("quoll").replace("-", "");
    String id =
        TestApi.as(token)
            .contentType(ContentType.JSON)
            .body(Map.of("publisher", publisher, "name", "found", "summary", word))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    int other = instances.get(1).port();
    String search = "/api/v1/search?q=" + word;
    assertEquals(List.of(id), searchOn(other, search));
    assertEquals(List.of(id), searchOn(other, search), "asked again: held in memory");

    for (String visibility : List.of("PRIVATE", "PUBLIC")) {
      var current =
          TestApi.as(token).get("/api/v1/appliances/" + id).then().statusCode(200).extract();
      TestApi.as(token)
          .header("If-Match", current.header("ETag"))
          .contentType(ContentType.JSON)
          .body(Map.of("summary", word, "description", "", "visibility", visibility))
          .put("/api/v1/appliances/" + id)
          .then()
          .statusCode(200);
      List<String> expected = visibility.equals("PUBLIC") ? List.of(id) : List.of();
      long start = System.nanoTime();
      while (!searchOn(other, search).equals(expected)) {
        assertTrue(
            System.nanoTime() - start < Duration.ofSeconds(10).toNanos(),
            "the other instance still answers the search as before the change to " + visibility);
        Thread.sleep(20);
      }
      System.out.printf(
          "made %s through instance-1; instance-2's search showed it within %d ms%n",
          visibility, (System.nanoTime() - start) / 1_000_000);
    }
  }

  private static List<String> searchOn(int port, String url) {
    return RestAssured.given()
        .port(port)
        .get(url)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", String.class);
  }

  @Test
  @Order(1)
  void twoInstancesDoEachDeployJobExactlyOnce() throws Exception {
    List<String> ids = requestDeployments(JOBS);
    awaitAllDone(ids, Duration.ofMinutes(5));

    Map<String, Integer> byInstance = new HashMap<>();
    for (Job job : jobs(ids)) {
      assertEquals("DONE", job.status, job.toString());
      assertEquals(1, job.attempts, "taken exactly once: " + job);
      byInstance.merge(instanceOf(job.leasedBy), 1, Integer::sum);
    }
    assertEquals(Set.of("instance-1", "instance-2"), byInstance.keySet(), byInstance.toString());
    System.out.printf("%d deploy jobs, done by %s%n", ids.size(), byInstance);
    assertEachDeploymentAttemptedOnce(ids);
    assertNothingClaimed();
  }

  @Test
  @Order(2)
  void jobsOfAKilledInstanceAreTakenOverAfterTheirLease() throws Exception {
    ServiceProcess survivor = instances.get(0);
    ServiceProcess victim = instances.get(1);
    List<String> ids = requestDeployments(JOBS / 4);

    // Freeze the victim at a moment it holds jobs, note them, then kill it: what it held at its
    // death is exactly what the database shows as RUNNING under its lease.
    List<Job> orphaned = List.of();
    for (int i = 0; i < 200 && orphaned.isEmpty(); i++) {
      victim.freeze();
      orphaned = running(victim.workerPrefix());
      if (orphaned.isEmpty()) {
        victim.thaw();
        Thread.sleep(10);
      }
    }
    assertFalse(orphaned.isEmpty(), "caught the victim holding jobs");
    victim.kill();
    System.out.printf(
        "killed %s (pid %d) holding %d jobs%n", victim.name(), victim.pid(), orphaned.size());

    awaitAllDone(ids, Duration.ofMinutes(5));
    Map<String, Job> after = new HashMap<>();
    jobs(ids).forEach(j -> after.put(j.id, j));
    for (Job held : orphaned) {
      Job job = after.get(held.id);
      assertEquals("DONE", job.status, job.toString());
      assertEquals(2, job.attempts, "taken by the victim, then once more: " + job);
      assertTrue(
          job.leasedBy.startsWith(survivor.workerPrefix()), "finished by the survivor: " + job);
      assertFalse(
          job.finishedAt.isBefore(held.leaseUntil),
          "taken over only after the lease ran out: " + held + " -> " + job);
    }
    Set<String> orphanIds = new java.util.HashSet<>();
    orphaned.forEach(j -> orphanIds.add(j.id));
    for (Job job : after.values()) {
      assertEquals("DONE", job.status, job.toString());
      if (!orphanIds.contains(job.id)) {
        assertEquals(1, job.attempts, "taken exactly once: " + job);
      }
    }
    // A claim the victim placed but had not yet recorded is the reconciler's to release.
    awaitNothingClaimed(Duration.ofMinutes(1));
    assertTrue(survivor.alive(), survivor.tail());
  }

  /**
   * Requests {@code count} deployments, alternating between the two instances' APIs, a few at a
   * time.
   */
  private static List<String> requestDeployments(int count) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> requests = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int port = instances.get(i % 2).port();
        requests.add(
            clients.submit(
                () ->
                    admin()
                        .port(port)
                        .contentType(ContentType.JSON)
                        .body(Map.of("applianceId", applianceId, "labels", Map.of("pool", "it")))
                        .post("/api/v1/deployments")
                        .then()
                        .statusCode(202)
                        .extract()
                        .<String>path("id")));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> request : requests) {
        ids.add(request.get());
      }
      return ids;
    } finally {
      clients.shutdownNow();
    }
  }

  /** Every deployment ended FAILED after exactly one attempt, on one of the simulated nodes. */
  private static void assertEachDeploymentAttemptedOnce(List<String> ids) throws SQLException {
    String sql =
        "select id, state, attempts, tried_nodes, claim_id from deployment where id = any(?)";
    try (Connection c = db();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet r = s.executeQuery()) {
        int rows = 0;
        while (r.next()) {
          rows++;
          String row = r.getString(1) + " " + r.getString(2) + " tried " + r.getString(4);
          assertEquals("FAILED", r.getString(2), row);
          assertEquals(1, r.getInt(3), row);
          assertTrue(Set.of("sim-a", "sim-b").contains(r.getString(4)), row);
          assertEquals(null, r.getString(5), row);
        }
        assertEquals(ids.size(), rows);
      }
    }
  }

  private static void awaitNothingClaimed(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        assertNothingClaimed();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  private static void assertNothingClaimed() throws SQLException {
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select (select count(*) from node_claim), (select coalesce(sum(used_cpus), 0)"
                    + " + coalesce(sum(used_memory_mib), 0) from vmm_node)")) {
      r.next();
      assertEquals(0, r.getLong(1), "no claim is left");
      assertEquals(0, r.getLong(2), "no node keeps reserved capacity");
    }
  }

  private static void awaitAllDone(List<String> subjects, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Job> jobs = jobs(subjects);
    while (System.nanoTime() < deadline) {
      jobs = jobs(subjects);
      if (jobs.size() == subjects.size() && jobs.stream().allMatch(j -> j.status.equals("DONE"))) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "jobs not done within "
            + timeout
            + ": "
            + jobs.stream().filter(j -> !j.status.equals("DONE")).toList());
  }

  private String instanceOf(String leasedBy) {
    for (ServiceProcess instance : instances) {
      if (leasedBy.startsWith(instance.workerPrefix())) {
        return instance.name();
      }
    }
    throw new AssertionError("no instance holds lease " + leasedBy);
  }

  /** One {@code deploy_job} row. */
  private record Job(
      String id,
      String status,
      int attempts,
      String leasedBy,
      OffsetDateTime leaseUntil,
      OffsetDateTime finishedAt) {}

  private static List<Job> jobs(List<String> subjects) throws SQLException {
    return query("subject_id = any(?)", subjects.toArray());
  }

  private static List<Job> running(String workerPrefix) throws SQLException {
    return query("status = 'RUNNING' and leased_by like ?", workerPrefix + "%");
  }

  private static List<Job> query(String where, Object arg) throws SQLException {
    String sql =
        "select id, status, attempts, leased_by, lease_until, finished_at from deploy_job where "
            + where;
    try (Connection c = db();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (arg instanceof Object[] array) {
        s.setArray(1, c.createArrayOf("uuid", array));
      } else {
        s.setObject(1, arg);
      }
      List<Job> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new Job(
                  r.getString(1),
                  r.getString(2),
                  r.getInt(3),
                  r.getString(4),
                  r.getObject(5, OffsetDateTime.class),
                  r.getObject(6, OffsetDateTime.class)));
        }
      }
      return out;
    }
  }

  private static Connection db() throws SQLException {
    return DriverManager.getConnection(dbUrl, DB_USER, "");
  }
}
