package dev.hangar.marketplace.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.scheduler.Claim;
import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.TestApi;
import dev.hangar.marketplace.appliance.VersionRepository;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.deployment.Deployment;
import dev.hangar.marketplace.deployment.DeploymentRepository;
import dev.hangar.marketplace.deployment.DeploymentState;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A deployer killed at each step of a deploy, and the service taking the job over: the test builds
 * exactly what a process killed at that step leaves (the deployment row and its step, a claim in
 * the database, a deploy job RUNNING under a lease that ran out, and the node's domain and volumes
 * on the local libvirtd), then lets this instance's job worker find the expired lease. Killed
 * before the domain ran, the deployment fails cleanly: no domain, volume or claim remains. Killed
 * after start, it resumes: it waits for the guest and reaches READY.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class CrashRecoveryTest {
  private static final String NODE = PoolService.LOCAL_NODE;
  private static final String URI = "qemu:///system";

  @Inject DeploymentRepository deployments;
  @Inject VersionRepository versions;
  @Inject PgClaimStore claims;
  @Inject AgroalDataSource dataSource;
  @Inject LibvirtConnections connections;
  @Inject HangarConfig config;

  private UUID applianceId;

  @BeforeEach
  void publish() {
    String publisher = TestApi.unique("crash");
    String token = TestApi.publisherToken(publisher);
    applianceId =
        UUID.fromString(
            TestApi.publishedAppliance(
                token,
                publisher,
                Map.of(),
                TestApi.bytes("k" + publisher),
                TestApi.bytes("i" + publisher),
                TestApi.bytes("r" + publisher)));
  }

  @Test
  void killedAfterClaimFailsCleanly() throws Exception {
    Crash crash = crash(DeploymentState.STAGING, "CLAIMED");
    assertFailedCleanly(crash);
  }

  @Test
  void killedBetweenClaimAndStagingReleasesTheClaim() throws Exception {
    Crash crash = crash(DeploymentState.PENDING, "CLAIMED");
    expireLease(crash);
    // Placed again, excluding the node already tried: the only node, so it fails.
    assertEquals(DeploymentState.FAILED, awaitSettled(crash.id));
    assertNothingLeft(crash);
  }

  @Test
  void killedAfterStagingFailsCleanly() throws Exception {
    Crash crash = crash(DeploymentState.STAGING, "STAGING");
    createVolumes(crash);
    assertFailedCleanly(crash);
  }

  @Test
  void killedAfterDefineFailsCleanly() throws Exception {
    Crash crash = crash(DeploymentState.STAGING, "STAGING");
    createVolumes(crash);
    assertEquals(0, virsh("define", domainXml(crash).toString()));
    assertFailedCleanly(crash);
  }

  @Test
  void killedAfterStartResumesToReady() throws Exception {
    Crash crash = crash(DeploymentState.BOOTING, "STARTED");
    createVolumes(crash);
    assertEquals(0, virsh("define", domainXml(crash).toString()));
    assertEquals(0, virsh("start", crash.domain));
    Path console = config.deployer().consoleDir().resolve(crash.domain + "-serial.log");
    Files.createDirectories(console.getParent());
    // The guest's line, as virtlogd would have logged it.
    Files.writeString(console, "booting\nHANGAR-READY " + crash.instanceId + "\n");
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Deployment d = deployments.findById(crash.id);
              d.volumes = crash.domain + "-seed.iso," + crash.domain + "-root.qcow2";
              d.consoleLog = console.toString();
            });
    expireLease(crash);

    assertEquals(DeploymentState.READY, awaitSettled(crash.id));
    assertTrue(claims.find(crash.claimId).isPresent(), "a running VM keeps its claim");

    TestApi.admin().delete("/api/v1/deployments/" + crash.id).then().statusCode(202);
    assertEquals(DeploymentState.DESTROYED, awaitState(crash.id, DeploymentState.DESTROYED));
    assertNothingLeft(crash);
  }

  private void assertFailedCleanly(Crash crash) throws Exception {
    expireLease(crash);
    assertEquals(DeploymentState.FAILED, awaitSettled(crash.id));
    String message =
        QuarkusTransaction.requiringNew().call(() -> deployments.findById(crash.id).message);
    assertTrue(message.contains("restarted") && message.contains("removed"), message);
    assertNothingLeft(crash);
  }

  private void assertNothingLeft(Crash crash) throws Exception {
    assertNotEquals(0, virsh("dominfo", crash.domain), "the domain is gone");
    assertFalse(
        cache().volumes().stream().anyMatch(v -> v.startsWith(crash.domain)),
        "no per-deployment volume is left");
    assertEquals(Optional.empty(), claims.find(crash.claimId), "the claim is released");
    assertEquals(
        crash.usedBefore, usedCpus(), "the node's reserved vCPUs are back where they were");
  }

  /** What a process killed at {@code step} leaves in the database. */
  private Crash crash(DeploymentState state, String step) throws Exception {
    int usedBefore = usedCpus();
    UUID claimId = UUID.randomUUID();
    claims.save(new Claim(claimId, NODE, "qemu", 1, 192, Optional.empty()));
    String instanceId = "i-crash" + Long.toHexString(System.nanoTime());
    UUID id =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Deployment d = new Deployment();
                  d.id = UUID.randomUUID();
                  d.version = versions.find(applianceId, "1.0.0").orElseThrow();
                  d.instanceId = instanceId;
                  d.hostname = "crash";
                  d.parameters = "{}";
                  d.state = state;
                  d.nodeName = NODE;
                  d.nodeUri = URI;
                  d.claimId = claimId;
                  d.step = step;
                  d.attempts = 1;
                  d.triedNodes = NODE;
                  d.domainName = "hangar-" + instanceId;
                  d.createdAt = d.updatedAt = OffsetDateTime.now();
                  deployments.persist(d);
                  return d.id;
                });
    return new Crash(id, instanceId, "hangar-" + instanceId, claimId, usedBefore);
  }

  private record Crash(UUID id, String instanceId, String domain, UUID claimId, int usedBefore) {}

  /** The dead worker's job: RUNNING, its lease already over, so the live worker takes it. */
  private void expireLease(Crash crash) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into deploy_job (id, subject_id, kind, status, attempts, leased_by,"
                    + " lease_until, run_after, created_at) values (?, ?, 'deploy', 'RUNNING', 1,"
                    + " 'killed-worker', ?, ?, ?)")) {
      OffsetDateTime past = OffsetDateTime.now().minusMinutes(1);
      s.setObject(1, UUID.randomUUID());
      s.setObject(2, crash.id);
      s.setObject(3, past);
      s.setObject(4, past);
      s.setObject(5, past);
      s.executeUpdate();
    }
  }

  private void createVolumes(Crash crash) {
    NodeImageCache cache = cache();
    cache.createVolumeFromBytes(crash.domain + "-seed.iso", new byte[2048]);
    cache.createBlank(crash.domain + "-root.qcow2", 1 << 20);
  }

  private NodeImageCache cache() {
    return new NodeImageCache(
        connections.get(URI), config.deployer().pool(), config.deployer().poolDir());
  }

  private static Path domainXml(Crash crash) throws Exception {
    Path xml = Files.createTempFile("domain", ".xml");
    Files.writeString(
        xml,
        "<domain type='qemu'><name>"
            + crash.domain
            + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
            + "<os><type arch='x86_64'>hvm</type></os></domain>");
    return xml;
  }

  private int usedCpus() {
    return TestApi.admin()
        .get("/api/v1/nodes/" + NODE)
        .then()
        .statusCode(200)
        .extract()
        .path("usedCpus");
  }

  private DeploymentState awaitSettled(UUID id) throws InterruptedException {
    DeploymentState state = null;
    for (int i = 0; i < 120; i++) {
      state = QuarkusTransaction.requiringNew().call(() -> deployments.findById(id).state);
      if (state == DeploymentState.FAILED || state == DeploymentState.READY) {
        return state;
      }
      Thread.sleep(500);
    }
    return state;
  }

  private DeploymentState awaitState(UUID id, DeploymentState wanted) throws InterruptedException {
    DeploymentState state = null;
    for (int i = 0; i < 120 && state != wanted; i++) {
      Thread.sleep(500);
      state = QuarkusTransaction.requiringNew().call(() -> deployments.findById(id).state);
    }
    return state;
  }

  private static int virsh(String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = "virsh";
    command[1] = "-c";
    command[2] = URI;
    System.arraycopy(args, 0, command, 3, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return p.exitValue();
  }
}
