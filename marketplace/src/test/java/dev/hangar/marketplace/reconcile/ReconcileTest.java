package dev.hangar.marketplace.reconcile;

import static dev.hangar.marketplace.TestApi.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.VmState;
import dev.hangar.deployer.pool.NodeState;
import dev.hangar.deployer.reconcile.Correction;
import dev.hangar.deployer.scheduler.Claim;
import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.TestApi;
import dev.hangar.marketplace.appliance.VersionRepository;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.deployment.Corrections;
import dev.hangar.marketplace.deployment.Deployment;
import dev.hangar.marketplace.deployment.DeploymentRepository;
import dev.hangar.marketplace.deployment.DeploymentState;
import dev.hangar.marketplace.pool.NodeRegistry;
import dev.hangar.marketplace.pool.PgClaimStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each reconciliation rule on a libvirt test-driver node: the test builds the drift (a deployment
 * row as Hangar recorded it, a domain and volumes on the node that disagree), runs one pass and
 * checks what changed on the node, in the database and in the API, including the corrections
 * recorded on the deployment. Grace periods are judged by passing a later "now".
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ReconcileTest {
  private static final Duration PAST_GRACE = Duration.ofMinutes(11);

  @Inject ReconcileService reconciler;
  @Inject DeploymentRepository deployments;
  @Inject VersionRepository versions;
  @Inject PgClaimStore claims;
  @Inject NodeRegistry registry;
  @Inject Corrections corrections;
  @Inject AgroalDataSource dataSource;
  @Inject LibvirtConnections connections;
  @Inject HangarConfig config;

  private final String run = TestApi.unique("rec");
  private final List<String> nodes = new ArrayList<>();
  private UUID applianceId;
  private String node;
  private SimNode sim;

  @BeforeEach
  void setUp() throws Exception {
    String publisher = TestApi.unique("recpub");
    applianceId =
        UUID.fromString(
            TestApi.publishedAppliance(
                TestApi.publisherToken(publisher),
                publisher,
                Map.of(),
                TestApi.bytes("k" + run),
                TestApi.bytes("i" + run),
                TestApi.bytes("r" + run)));
    node = run + "-a";
    String uri = register(node);
    sim =
        new SimNode(
            () -> connections.get(uri), config.deployer().pool(), config.deployer().poolDir());
  }

  @AfterEach
  void removeNodes() {
    for (String n : nodes) {
      for (Claim c : claims.loadAll()) {
        if (c.nodeId().equals(n)) {
          claims.delete(c.id());
        }
      }
      admin().delete("/api/v1/nodes/" + n).then().statusCode(204);
    }
  }

  @Test
  void restartsShutOffDomainThroughTheStartPathAndGivesUpAfterTheLimit() throws Exception {
    Row restarted = row(DeploymentState.READY, node, "STARTED", true);
    Row exhausted = row(DeploymentState.READY, node, "STARTED", true);
    sim.defineShutOff(restarted.domain);
    sim.defineShutOff(exhausted.domain);
    for (int i = 0; i < 3; i++) {
      corrections.record(exhausted.id, node, "restart", "an earlier restart");
    }

    ReconcileService.Report report = pass();

    assertTrue(
        report.applied().stream()
            .anyMatch(
                c ->
                    c instanceof Correction.Restart r
                        && r.intent().domainName().equals(restarted.domain)),
        report::toString);
    Map<String, Object> restart = correctionsOf(restarted.id).get(0);
    assertEquals("restart", restart.get("kind"));
    assertEquals(node, restart.get("node"));
    String detail = (String) restart.get("detail");
    assertTrue(
        detail.contains("found shut off on node " + node) && detail.contains("restart 1 of 3"),
        detail);
    // The lifecycle runner took it from STARTING: on a test-driver node the start path stops at
    // the cache verification (the test driver cannot read volumes back), which fails it.
    JsonPath after = awaitState(restarted.id, "FAILED");
    assertTrue(after.getString("message").contains("verify"), after.prettify());

    JsonPath gaveUp = awaitState(exhausted.id, "FAILED");
    assertTrue(
        gaveUp.getString("message").contains("after 3 restarts")
            && gaveUp.getString("message").contains("gave up"),
        gaveUp.prettify());
    assertEquals(Optional.of(VmState.SHUT_OFF), sim.vm().state(exhausted.domain), "the VM is kept");
    assertTrue(claims.find(exhausted.claimId).isPresent(), "and so is its claim");
    assertEquals("gave-up", correctionsOf(exhausted.id).get(3).get("kind"));

    assertTrue(
        pass(Instant.now().plus(PAST_GRACE)).applied().stream()
            .noneMatch(c -> c.toString().contains(exhausted.domain)),
        "a failed deployment's kept VM is left alone");
  }

  @Test
  void stopsDomainRunningBehindAStoppedDeployment() throws Exception {
    Row stopped = row(DeploymentState.STOPPED, node, "STARTED", true);
    sim.start(stopped.domain);

    pass();

    awaitState(stopped.id, "STOPPED");
    assertEquals(Optional.of(VmState.SHUT_OFF), sim.vm().state(stopped.domain));
    Map<String, Object> stop = correctionsOf(stopped.id).get(0);
    assertEquals("stop", stop.get("kind"));
    assertTrue(((String) stop.get("detail")).contains("found running"), stop::toString);
  }

  @Test
  void vanishedDomainFailsTheDeploymentAndReleasesClaimAddressVolumesAndSeed() throws Exception {
    Row gone = row(DeploymentState.READY, node, "STARTED", true);
    sim.createVolumes(gone.domain);
    assertEquals(1, usedCpus(node));

    pass();

    JsonPath failed = TestApi.admin().get("/api/v1/deployments/" + gone.id).jsonPath();
    assertEquals("FAILED", failed.getString("state"));
    assertTrue(
        failed.getString("message").contains("domain " + gone.domain + " vanished on node " + node),
        failed.prettify());
    assertEquals(List.of(), failed.getList("addresses"), "the address is released");
    assertEquals(Optional.empty(), claims.find(gone.claimId), "the claim is released");
    assertEquals(0, usedCpus(node));
    assertEquals(0, sim.volumesOf(gone.domain), "overlay and seed are deleted");
    assertEquals("vanished", correctionsOf(gone.id).get(0).get("kind"));
    // The event stream shows the same document, reason included.
    String events =
        admin()
            .accept("text/event-stream")
            .get("/api/v1/deployments/" + gone.id + "/events")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertTrue(events.contains("vanished on node " + node), events);
    // Stranger sees nothing.
    TestApi.as(TestApi.userToken("consumer", null))
        .get("/api/v1/deployments/" + gone.id + "/corrections")
        .then()
        .statusCode(404);
  }

  @Test
  void removesOrphansAfterTheGracePeriodButNothingAnInFlightJobOwns() throws Exception {
    Row orphan = row(DeploymentState.FAILED, node, null, false);
    Row inFlight = row(DeploymentState.FAILED, node, null, false);
    sim.start(orphan.domain);
    sim.start(inFlight.domain);
    sim.createVolumes(orphan.domain);
    sim.createVolumes(inFlight.domain);
    UUID job = runningJob(inFlight.id);
    UUID loose = UUID.randomUUID();
    claims.save(new Claim(loose, node, "test", 1, 64, Optional.empty()));
    String unknown = "hangar-i-unknown" + run.replaceAll("[^a-z0-9]", "");
    sim.start(unknown);

    ReconcileService.Report early = pass();
    assertTrue(sim.vm().exists(orphan.domain), "within the grace period nothing is removed");
    assertTrue(claims.find(loose).isPresent(), "a young unreferenced claim may be a deploy's");
    assertTrue(early.unknownDomains().contains(node + "/" + unknown), early::toString);

    ReconcileService.Report late = pass(Instant.now().plus(PAST_GRACE));
    assertFalse(sim.vm().exists(orphan.domain), late::toString);
    assertEquals(0, sim.volumesOf(orphan.domain));
    assertEquals(
        List.of("orphan-domain", "orphan-volume", "orphan-volume"),
        correctionsOf(orphan.id).stream().map(j -> j.get("kind")).toList());
    assertEquals(Optional.empty(), claims.find(loose), "the old unreferenced claim is released");
    assertTrue(late.releasedClaims().contains(loose));
    assertTrue(sim.vm().exists(unknown), "a domain this database does not know is never touched");
    // The deploy job still holds its lease: what its deployment has on the node stays.
    assertEquals(Optional.of(VmState.RUNNING), sim.vm().state(inFlight.domain));
    assertEquals(2, sim.volumesOf(inFlight.domain));
    assertEquals(List.of(), correctionsOf(inFlight.id));

    finish(job);
    pass(Instant.now().plus(PAST_GRACE));
    assertFalse(
        sim.vm().exists(inFlight.domain), "once the job is done, its leftovers are orphans");
    assertEquals(0, sim.volumesOf(inFlight.domain));
    sim.vm().destroyAndUndefine(unknown);
  }

  @Test
  void unreachableNodeIsLeftAloneAndReadAgainNextPass() throws Exception {
    Path file = Files.createTempFile(run, ".xml");
    Files.delete(file);
    String down = run + "-down";
    registry.insert(down, "test://" + file, NodeState.ACTIVE, Map.of(), "local", "API");
    nodes.add(down);
    Row ready = row(DeploymentState.READY, down, "STARTED", false);

    ReconcileService.Report first = pass();

    assertTrue(first.unreachable().containsKey(down), first::toString);
    assertFalse(registry.find(down).orElseThrow().reachable());
    assertTrue(registry.find(down).orElseThrow().lastError().contains("reconciler"));
    assertEquals("READY", state(ready.id), "no destructive action on an unreachable node");
    assertEquals(List.of(), correctionsOf(ready.id));

    // The node answers again (an empty one: the domain is gone).
    Files.copy(Path.of("src/test/resources/nodes/sim-a.xml"), file);
    ReconcileService.Report second = pass();
    assertTrue(second.reconciled().contains(down), second::toString);
    assertEquals("FAILED", state(ready.id));
    assertTrue(
        TestApi.admin()
            .get("/api/v1/deployments/" + ready.id)
            .jsonPath()
            .getString("message")
            .contains("vanished on node " + down));
  }

  /** Runs a pass, printing how long it took. */
  private ReconcileService.Report pass() {
    return pass(Instant.now());
  }

  private ReconcileService.Report pass(Instant now) {
    long started = System.nanoTime();
    ReconcileService.Report report = reconciler.runOnce(now);
    System.out.printf(
        "reconcile pass over %d nodes: %d ms%n",
        report.reconciled().size(), (System.nanoTime() - started) / 1_000_000);
    return report;
  }

  // --- the drift the tests build -----------------------------------------------------------

  private record Row(UUID id, String domain, UUID claimId) {}

  private Row row(DeploymentState state, String onNode, String step, boolean claim)
      throws Exception {
    UUID claimId = claim ? UUID.randomUUID() : null;
    if (claim) {
      claims.save(new Claim(claimId, onNode, "test", 1, 64, Optional.empty()));
    }
    String instanceId = "i-rec" + Long.toHexString(System.nanoTime());
    String nodeUri = registry.find(onNode).orElseThrow().uri();
    UUID id =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Deployment d = new Deployment();
                  d.id = UUID.randomUUID();
                  d.version = versions.find(applianceId, "1.0.0").orElseThrow();
                  d.instanceId = instanceId;
                  d.hostname = "rec";
                  d.parameters = "{}";
                  d.state = state;
                  d.nodeName = onNode;
                  d.nodeUri = nodeUri;
                  d.claimId = claimId;
                  d.step = step;
                  d.attempts = 1;
                  d.triedNodes = onNode;
                  d.domainName = "hangar-" + instanceId;
                  if (step != null) {
                    d.volumes = d.domainName + "-seed.iso," + d.domainName + "-root.qcow2";
                    d.consoleLog =
                        config
                            .deployer()
                            .consoleDir()
                            .resolve(d.domainName + "-serial.log")
                            .toString();
                  }
                  d.addresses = state == DeploymentState.READY ? "10.0.2.15/24" : null;
                  d.message = "as recorded";
                  d.createdAt = d.updatedAt = OffsetDateTime.now().minusMinutes(1);
                  deployments.persist(d);
                  return d.id;
                });
    return new Row(id, "hangar-" + instanceId, claimId);
  }

  private UUID runningJob(UUID subject) throws Exception {
    UUID id = UUID.randomUUID();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into deploy_job (id, subject_id, kind, status, attempts, leased_by,"
                    + " lease_until, run_after, created_at) values (?, ?, 'deploy', 'RUNNING', 1,"
                    + " 'other-instance', ?, ?, ?)")) {
      OffsetDateTime now = OffsetDateTime.now();
      s.setObject(1, id);
      s.setObject(2, subject);
      s.setObject(3, now.plusHours(1)); // a live lease: another instance is working on it
      s.setObject(4, now);
      s.setObject(5, now);
      s.executeUpdate();
    }
    return id;
  }

  private void finish(UUID job) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("update deploy_job set status = 'DONE' where id = ?")) {
      s.setObject(1, job);
      assertEquals(1, s.executeUpdate());
    }
  }

  private String register(String name) throws Exception {
    Path copy = Files.createTempFile(name, ".xml");
    Files.copy(
        Path.of("src/test/resources/nodes/sim-a.xml"), copy, StandardCopyOption.REPLACE_EXISTING);
    String u = "test://" + copy.toAbsolutePath();
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name, "uri", u, "labels", Map.of("pool", run)))
        .post("/api/v1/nodes")
        .then()
        .statusCode(201);
    nodes.add(name);
    return u;
  }

  private static List<Map<String, Object>> correctionsOf(UUID id) {
    return admin()
        .get("/api/v1/deployments/" + id + "/corrections")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static String state(UUID id) {
    return admin().get("/api/v1/deployments/" + id).jsonPath().getString("state");
  }

  private static int usedCpus(String name) {
    return admin().get("/api/v1/nodes/" + name).then().statusCode(200).extract().path("usedCpus");
  }

  private static JsonPath awaitState(UUID id, String wanted) throws InterruptedException {
    JsonPath last = null;
    for (int i = 0; i < 60; i++) {
      last = admin().get("/api/v1/deployments/" + id).then().statusCode(200).extract().jsonPath();
      if (last.getString("state").equals(wanted)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not " + wanted + ": " + (last == null ? null : last.prettify()));
  }
}
