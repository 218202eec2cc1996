package dev.hangar.marketplace.reconcile;

import static dev.hangar.marketplace.LibvirtTests.virsh;
import static dev.hangar.marketplace.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.builder.ApplianceBuilder;
import dev.hangar.builder.BuilderConfig;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.publish.PublishClient;
import dev.hangar.deployer.reconcile.Correction;
import dev.hangar.marketplace.LibvirtTests;
import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.TestApi;
import dev.hangar.marketplace.pool.PoolService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler against the real libvirtd: the {@code hello} sample is deployed through the API
 * and boots to READY under QEMU; then its VM is destroyed behind Hangar's back ({@code virsh
 * destroy}), and one pass restarts it (READY again, the restart recorded); then it is destroyed and
 * undefined behind Hangar's back, and one pass fails the deployment and releases its volumes and
 * claim.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ReconcileLibvirtdTest {
  private static final String POOL =
      ConfigProvider.getConfig().getValue("hangar.deployer.pool", String.class);

  @TestHTTPResource("/api/v1")
  URI api;

  @TempDir Path work;

  @Inject ReconcileService reconciler;

  private String consumer;
  private String deployment;

  @AfterEach
  void destroy() throws Exception {
    if (deployment != null) {
      as(consumer).delete("/api/v1/deployments/" + deployment).then().statusCode(202);
      awaitState(deployment, "DESTROYED", Duration.ofMinutes(1));
    }
  }

  @Test
  void restartsVmDestroyedBehindHangarsBackAndFailsOneUndefinedBehindIt() throws Exception {
    BuiltAppliance built =
        new ApplianceBuilder(BuilderConfig.defaults())
            .build(Path.of("..", "samples", "hello", "recipe.yaml"), work.resolve("hello"));
    String publisher = TestApi.unique("reconcile");
    PublishClient.Published published =
        new PublishClient(api, TestApi.publisherToken(publisher)).publish(publisher, built);
    consumer = TestApi.userToken("consumer", null);
    int usedBefore = usedCpus();
    deployment =
        as(consumer)
            .contentType(ContentType.JSON)
            .body(Map.of("applianceId", published.applianceId().toString()))
            .post("/api/v1/deployments")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    JsonPath ready = awaitState(deployment, "READY", Duration.ofMinutes(4));
    String domain = ready.getString("domain");
    String instanceId = ready.getString("instanceId");
    Path console = Path.of("/var/log/hangar/console", domain + "-serial.log");

    virsh("destroy", domain);
    long started = System.nanoTime();
    ReconcileService.Report report = reconciler.runOnce();
    System.out.printf(
        "reconcile pass that restarted %s: %d ms%n",
        domain, (System.nanoTime() - started) / 1_000_000);
    assertTrue(
        report.applied().stream().anyMatch(c -> c instanceof Correction.Restart), report::toString);
    awaitState(deployment, "READY", Duration.ofMinutes(4));
    assertEquals("running", virsh("domstate", domain).trim());
    assertTrue(Files.readString(console).contains("HANGAR-READY " + instanceId));
    List<Map<String, Object>> corrections = corrections();
    assertEquals("restart", corrections.get(0).get("kind"));
    assertTrue(
        ((String) corrections.get(0).get("detail"))
            .contains("found shut off on node " + PoolService.LOCAL_NODE),
        corrections::toString);

    virsh("destroy", domain);
    virsh("undefine", domain);
    reconciler.runOnce();
    JsonPath failed =
        as(consumer).get("/api/v1/deployments/" + deployment).then().extract().jsonPath();
    assertEquals("FAILED", failed.getString("state"), failed.prettify());
    assertTrue(
        failed
            .getString("message")
            .contains("domain " + domain + " vanished on node " + PoolService.LOCAL_NODE),
        failed.prettify());
    assertTrue(
        volumes().stream().noneMatch(v -> v.startsWith(domain)),
        "overlay and seed are deleted: " + volumes());
    assertEquals(usedBefore, usedCpus(), "the claim is released");
    assertEquals("vanished", corrections().get(1).get("kind"));
  }

  private List<Map<String, Object>> corrections() {
    return as(consumer)
        .get("/api/v1/deployments/" + deployment + "/corrections")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static int usedCpus() {
    return TestApi.admin()
        .get("/api/v1/nodes/" + PoolService.LOCAL_NODE)
        .then()
        .statusCode(200)
        .extract()
        .path("usedCpus");
  }

  private JsonPath awaitState(String id, String wanted, Duration timeout)
      throws InterruptedException {
    return LibvirtTests.awaitState(consumer, id, wanted, timeout);
  }

  private static List<String> volumes() throws Exception {
    // virsh -q prints one "name path" line per volume, without the table header.
    return virsh("-q", "vol-list", POOL)
        .lines()
        .map(String::trim)
        .filter(l -> !l.isEmpty())
        .map(l -> l.split("\\s+")[0])
        .toList();
  }
}
