package dev.hangar.marketplace.pool;

import static dev.hangar.marketplace.TestApi.admin;
import static dev.hangar.marketplace.TestApi.as;
import static dev.hangar.marketplace.pool.TwoPoolsOnOneHostResource.DIR_B;
import static dev.hangar.marketplace.pool.TwoPoolsOnOneHostResource.NODE_A;
import static dev.hangar.marketplace.pool.TwoPoolsOnOneHostResource.NODE_B;
import static dev.hangar.marketplace.pool.TwoPoolsOnOneHostResource.POOL_A;
import static dev.hangar.marketplace.pool.TwoPoolsOnOneHostResource.POOL_B;
import static dev.hangar.marketplace.pool.TwoPoolsOnOneHostResource.URI_A;
import static dev.hangar.marketplace.pool.TwoPoolsOnOneHostResource.URI_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.builder.ApplianceBuilder;
import dev.hangar.builder.BuilderConfig;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.publish.PublishClient;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.VmLifecycle;
import dev.hangar.marketplace.LibvirtTests;
import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.TestApi;
import dev.hangar.marketplace.jobs.JobQueue;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node failing for a real reason during staging: node {@code a}'s image cache is an 80 MiB tmpfs,
 * so the hello sample's 32 MiB root partition cannot be uploaded into it (ENOSPC). Node {@code b}
 * is the same libvirtd under another URI with a cache pool that has room. The deployment is retried
 * on {@code b} and boots to READY under QEMU; with both nodes failing it ends FAILED after the
 * two-node limit. Each failed attempt leaves nothing of the deployment on its node: no domain, no
 * per-deployment volume, no claim, no open job.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@WithTestResource(TwoPoolsOnOneHostResource.class)
class NodeFailoverBootTest {
  @Inject LibvirtConnections connections;
  @Inject PoolSync sync;
  @Inject JobQueue jobs;

  @TestHTTPResource("/api/v1")
  URI api;

  @TempDir Path work;

  private String consumer;
  private String deployed;

  @AfterEach
  void destroyDeployment() throws InterruptedException {
    if (deployed != null) {
      as(consumer).delete("/api/v1/deployments/" + deployed);
      awaitState(deployed, "DESTROYED", Duration.ofMinutes(1));
    }
  }

  @Test
  void deployFailingOnANodeIsRetriedOnAnotherAndBootsAndFailsOnceEveryNodeFails() throws Exception {
    BuiltAppliance built =
        new ApplianceBuilder(BuilderConfig.defaults())
            .build(Path.of("..", "samples", "hello", "recipe.yaml"), work.resolve("hello"));
    String publisher = TestApi.unique("failover");
    String app =
        new PublishClient(api, TestApi.publisherToken(publisher))
            .publish(publisher, built)
            .applianceId()
            .toString();
    consumer = TestApi.userToken("consumer", null);

    // Pinned to a: staging fails there and no other node may be tried.
    String pinned = deploy(app, NODE_A);
    JsonPath failedOnA = awaitState(pinned, "FAILED", Duration.ofMinutes(3));
    assertEquals(1, failedOnA.getInt("attempts"), failedOnA.prettify());
    assertTrue(
        failedOnA.getString("message").contains("No space left on device"), failedOnA.prettify());
    assertNoDomain(failedOnA);
    assertNothingLeftOnA(failedOnA);

    // a now caches the kernel and initrd, so the scheduler prefers it: the deploy fails there
    // (ENOSPC on the root partition) and is retried on b, where it boots.
    sync.refresh();
    List<String> cachedOnA =
        admin().get("/api/v1/nodes/" + NODE_A).jsonPath().get("cache.volumes.digest");
    assertEquals(2, cachedOnA.size(), "kernel and initrd are cached on a: " + cachedOnA);
    String moved = deploy(app, null);
    deployed = moved;
    CompletableFuture<List<JsonPath>> events = followEvents(moved);
    JsonPath ready = awaitState(moved, "READY", Duration.ofMinutes(5));
    assertEquals(NODE_B, ready.getString("node"));
    assertEquals(2, ready.getInt("attempts"), ready.prettify());
    List<JsonPath> seen = events.get(1, TimeUnit.MINUTES);
    List<String> trail =
        seen.stream()
            .map(
                e ->
                    e.getString("state")
                        + " "
                        + e.getString("node")
                        + ": "
                        + e.getString("message"))
            .toList();
    // The events show the deployment staging on a, then on b (the first STAGING message on b
    // repeats a's failure, unless the twice-a-second stream missed it), ending READY.
    List<String> nodes =
        seen.stream().map(e -> e.getString("node")).filter(n -> n != null).distinct().toList();
    assertEquals(List.of(NODE_A, NODE_B), nodes, "events: " + trail);
    assertEquals("READY", seen.get(seen.size() - 1).getString("state"), "events: " + trail);
    assertTrue(
        Files.readString(Path.of("target/quarkus-test.log"))
            .lines()
            .anyMatch(
                l ->
                    l.contains("deployment " + moved + " failed on node a:")
                        && l.contains("partition:root")
                        && l.contains("No space left on device")),
        "the log names a's failure: staging the root partition ran out of space");
    // a and b share one libvirtd, so the running domain is b's: none of its disks is in a's pool.
    String xml = connections.get(URI_B).domainLookupByName(ready.getString("domain")).getXMLDesc(0);
    assertFalse(xml.contains(TwoPoolsOnOneHostResource.DIR_A.toString()), xml);
    assertTrue(xml.contains(DIR_B.toString()), xml);
    assertNothingLeftOnA(ready);
    JsonPath b = admin().get("/api/v1/nodes/" + NODE_B).jsonPath();
    assertEquals(1, b.getInt("usedCpus"), "b holds the running deployment's claim");
    assertTrue(
        cache(POOL_B).volumes().stream().anyMatch(v -> v.startsWith(ready.getString("domain"))),
        "the deployment's overlay and seed are on b");

    // Every node failing: b's cache is now full too, so its overlay cannot be created; the deploy
    // gives up after two nodes, leaving nothing anywhere.
    TwoPoolsOnOneHostResource.fill(DIR_B);
    String doomed = deploy(app, null);
    JsonPath gaveUp = awaitState(doomed, "FAILED", Duration.ofMinutes(3));
    assertEquals(2, gaveUp.getInt("attempts"), gaveUp.prettify());
    assertTrue(gaveUp.getString("message").startsWith("gave up after 2 nodes"), gaveUp.prettify());
    assertNoDomain(gaveUp);
    assertNothingLeftOn(gaveUp, POOL_A);
    assertNothingLeftOn(gaveUp, POOL_B);
    assertEquals(1, admin().get("/api/v1/nodes/" + NODE_B).jsonPath().getInt("usedCpus"));
  }

  private void assertNoDomain(JsonPath deployment) throws Exception {
    String domain = deployment.getString("domain");
    assertFalse(new VmLifecycle(connections.get(URI_A)).exists(domain), "no domain " + domain);
  }

  /** Node a holds no volume, claim or open job of {@code deployment}. */
  private void assertNothingLeftOnA(JsonPath deployment) throws Exception {
    assertNothingLeftOn(deployment, POOL_A);
    JsonPath a = admin().get("/api/v1/nodes/" + NODE_A).jsonPath();
    assertEquals(0, a.getInt("usedCpus"), "a keeps no claim");
    assertEquals(0, a.getLong("usedMemoryMiB"), "a keeps no claim");
    List<String> cached = cache(POOL_A).volumes();
    assertTrue(
        cached.stream().allMatch(v -> v.startsWith("sha256-")),
        "only content-addressed cache volumes on a: " + cached);
  }

  private void assertNothingLeftOn(JsonPath deployment, String pool) throws Exception {
    String domain = deployment.getString("domain");
    List<String> volumes = cache(pool).volumes();
    assertTrue(
        volumes.stream().noneMatch(v -> v.startsWith(domain)),
        "no volume of " + domain + " in " + pool + ": " + volumes);
    assertEquals(0, jobs.openJobs(UUID.fromString(deployment.getString("id"))), "no open job");
  }

  private NodeImageCache cache(String pool) {
    return pool.equals(POOL_A)
        ? new NodeImageCache(connections.get(URI_A), POOL_A, TwoPoolsOnOneHostResource.DIR_A)
        : new NodeImageCache(connections.get(URI_B), POOL_B, DIR_B);
  }

  private String deploy(String app, String node) {
    Map<String, Object> body = new HashMap<>(Map.of("applianceId", app));
    if (node != null) {
      body.put("node", node);
    }
    return as(consumer)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/deployments")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  /** Collects the deployment's server-sent events until the stream ends at a final state. */
  private CompletableFuture<List<JsonPath>> followEvents(String id) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(api.resolve("/api/v1/deployments/" + id + "/events"))
            .header("Authorization", "Bearer " + consumer)
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<java.util.stream.Stream<String>> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, response.statusCode());
    return CompletableFuture.supplyAsync(
        () ->
            response
                .body()
                .filter(line -> line.startsWith("data:"))
                .map(line -> new JsonPath(line.substring(5)))
                .toList());
  }

  private JsonPath awaitState(String id, String wanted, Duration timeout)
      throws InterruptedException {
    return LibvirtTests.awaitState(consumer, id, wanted, timeout);
  }
}
