package dev.hangar.marketplace;

import static dev.hangar.marketplace.LibvirtTests.virsh;
import static dev.hangar.marketplace.LibvirtTests.virshSucceeds;
import static dev.hangar.marketplace.TestApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.builder.ApplianceBuilder;
import dev.hangar.builder.BuilderConfig;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.publish.PublishClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole spine, for real and through the public REST API only: build the {@code hello} sample,
 * publish it (chunks into S3 via S3Proxy), deploy it on the local libvirtd (staged into a storage
 * pool, NoCloud seed attached, booted under QEMU), see the guest report READY on its serial
 * console, then destroy it with nothing of the deployment left on the node.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class WalkingSkeletonTest {
  private static final String POOL =
      ConfigProvider.getConfig().getValue("hangar.deployer.pool", String.class);

  @TestHTTPResource("/api/v1")
  URI api;

  @TempDir Path work;

  private String deployment;
  private String consumer;

  @BeforeEach
  void createConsumer() {
    consumer = TestApi.userToken("consumer", null);
  }

  /** A failed assertion must not leave a VM running: destroy through the API (idempotent). */
  @AfterEach
  void destroyDeployment() throws InterruptedException {
    if (deployment != null) {
      as(consumer).delete("/api/v1/deployments/" + deployment);
      awaitState(deployment, "DESTROYED", Duration.ofMinutes(1));
    }
  }

  @Test
  void helloIsPublishedDeployedBootsToReadyAndIsDestroyedWithoutLeftovers() throws Exception {
    Path recipe = Path.of("..", "samples", "hello", "recipe.yaml");
    BuiltAppliance built =
        new ApplianceBuilder(BuilderConfig.defaults()).build(recipe, work.resolve("hello"));
    String publisherToken = TestApi.publisherToken("skeleton");
    PublishClient.Published published =
        new PublishClient(api, publisherToken).publish("skeleton", built);

    String id =
        as(consumer)
            .contentType(ContentType.JSON)
            .body(Map.of("applianceId", published.applianceId().toString()))
            .post("/api/v1/deployments")
            .then()
            .statusCode(202)
            .extract()
            .path("id");

    deployment = id;
    List<String> states = followEvents(id);
    assertEquals(
        "READY", states.get(states.size() - 1), "the event stream ends at READY: " + states);
    assertTrue(
        states.size() >= 2, "the stream showed the way to READY, not only the end: " + states);
    List<String> order = List.of("PENDING", "STAGING", "BOOTING", "READY");
    for (int i = 1; i < states.size(); i++) {
      assertTrue(
          order.indexOf(states.get(i - 1)) <= order.indexOf(states.get(i)),
          "states only move forward: " + states);
    }
    JsonPath ready = awaitState(id, "READY", Duration.ofMinutes(4));
    String domain = ready.getString("domain");
    String instanceId = ready.getString("instanceId");
    assertEquals("running", virsh("domstate", domain).trim());
    assertTrue(
        volumes().stream().anyMatch(v -> v.startsWith(domain)),
        "per-deployment volumes exist while it runs");
    Path console = Path.of("/var/log/hangar/console", domain + "-serial.log");
    assertTrue(Files.readString(console).contains("HANGAR-READY " + instanceId));
    String tail =
        as(consumer)
            .get("/api/v1/deployments/" + id + "/console?lines=5")
            .then()
            .statusCode(200)
            .contentType(ContentType.TEXT)
            .extract()
            .asString();
    assertTrue(tail.contains("HANGAR-READY " + instanceId), "console tail: " + tail);
    assertTrue(tail.lines().count() <= 5, "at most the lines asked for: " + tail);
    as(consumer)
        .get("/api/v1/deployments/" + id + "/console?lines=0")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    as(TestApi.userToken("consumer", null))
        .get("/api/v1/deployments/" + id + "/console")
        .then()
        .statusCode(404);
    // The guest's virtio NIC on libvirt user-mode networking got slirp's DHCP address, which the
    // agent reported (HANGAR-NET) and the deployment shows.
    assertTrue(Files.readString(console).contains("HANGAR-NET eth0 10.0.2.15/24"));
    assertEquals(List.of("10.0.2.15/24"), ready.getList("addresses"));

    stopStartAndRebootComeBackReady(id, domain, instanceId, console);

    as(consumer).delete("/api/v1/deployments/" + id).then().statusCode(202);
    awaitState(id, "DESTROYED", Duration.ofMinutes(1));
    assertFalse(virshSucceeds("dominfo", domain), "domain " + domain + " is gone");
    assertTrue(
        volumes().stream().noneMatch(v -> v.startsWith(domain)),
        "no volume of " + domain + " is left: " + volumes());
    assertFalse(Files.exists(console), "console log is removed");
  }

  /**
   * Reads the deployment's server-sent events until the server ends the stream (at a final state);
   * returns the state of each event in order.
   */
  private List<String> followEvents(String id) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(api.resolve("/api/v1/deployments/" + id + "/events"))
            .header("Authorization", "Bearer " + consumer)
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<java.util.stream.Stream<String>> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, response.statusCode());
    return java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                response
                    .body()
                    .filter(line -> line.startsWith("data:"))
                    .map(line -> new JsonPath(line.substring(5)).getString("state"))
                    .toList())
        .get(5, TimeUnit.MINUTES);
  }

  /**
   * Power actions through the API: only the owner (or an operator) may act, a wrong state is a 409
   * problem, each action is audited, and the guest reports READY again after start and reboot.
   */
  private void stopStartAndRebootComeBackReady(
      String id, String domain, String instanceId, Path console) throws Exception {
    String stranger = TestApi.userToken("consumer", null);
    as(stranger).post("/api/v1/deployments/" + id + "/stop").then().statusCode(404);
    as(consumer)
        .post("/api/v1/deployments/" + id + "/start")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("is READY; start needs state STOPPED"));

    as(consumer)
        .post("/api/v1/deployments/" + id + "/stop")
        .then()
        .statusCode(202)
        .body("state", equalTo("STOPPING"));
    JsonPath stopped = awaitState(id, "STOPPED", Duration.ofMinutes(1));
    assertEquals("shut off", virsh("domstate", domain).trim());
    // ACPI: the stop pressed the power button and the guest shut itself down in time.
    assertEquals("guest shut down", stopped.getString("message"));
    assertTrue(Files.readString(console).contains("HANGAR-SHUTDOWN power button"));
    as(consumer).post("/api/v1/deployments/" + id + "/reboot").then().statusCode(409);

    as(consumer).post("/api/v1/deployments/" + id + "/start").then().statusCode(202);
    awaitState(id, "READY", Duration.ofMinutes(4));
    assertEquals("running", virsh("domstate", domain).trim());
    assertTrue(Files.readString(console).contains("HANGAR-READY " + instanceId));

    as(consumer).post("/api/v1/deployments/" + id + "/reboot").then().statusCode(202);
    awaitState(id, "READY", Duration.ofMinutes(4));
    assertTrue(Files.readString(console).contains("HANGAR-READY " + instanceId));

    List<String> actions =
        TestApi.admin()
            .get("/api/v1/audit?limit=1000")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("findAll { it.target == '" + id + "' }.action");
    assertTrue(actions.containsAll(List.of("deploy", "stop", "start", "reboot")), "" + actions);
  }

  private JsonPath awaitState(String id, String wanted, Duration timeout)
      throws InterruptedException {
    return LibvirtTests.awaitState(consumer, id, wanted, timeout);
  }

  private static java.util.List<String> volumes() throws IOException, InterruptedException {
    // virsh -q prints one "name path" line per volume, without the table header.
    return virsh("-q", "vol-list", POOL)
        .lines()
        .map(String::trim)
        .filter(l -> !l.isEmpty())
        .map(l -> l.split("\\s+")[0])
        .toList();
  }
}
