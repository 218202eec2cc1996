package dev.hangar.marketplace.pool;

import static dev.hangar.marketplace.TestApi.admin;
import static dev.hangar.marketplace.TestApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.VmLifecycle;
import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.TestApi;
import dev.hangar.marketplace.config.HangarConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

/**
 * A three-node simulated pool (libvirt test-driver nodes of different sizes and architectures)
 * driven through the REST API: registration and its errors, what each node reports, scheduling by
 * labels, node name, architecture and cache locality, drain, and a deployment whose nodes fail it
 * one after the other, leaving no claim, domain or volume behind.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class SimulatedPoolTest {
  @Inject LibvirtConnections connections;
  @Inject HangarConfig config;
  @Inject PoolSync sync;

  private final String run = TestApi.unique("sim");
  private final Map<String, String> uris = new HashMap<>();

  @AfterEach
  void removeNodes() {
    for (String name : uris.keySet()) {
      admin().delete("/api/v1/nodes/" + name(name)).then().statusCode(204);
    }
  }

  @Test
  void schedulesByLabelsNameArchAndCacheAndRetriesFailingNodes() throws Exception {
    register("a", "sim-a", Map.of("pool", run, "disk", "hdd"));
    register("b", "sim-b", Map.of("pool", run, "disk", "ssd"));
    register("c", "sim-c", Map.of("pool", run));

    JsonPath b =
        admin().get("/api/v1/nodes/" + name("b")).then().statusCode(200).extract().jsonPath();
    assertEquals("UP", b.getString("state"));
    assertEquals(16, b.getInt("cpus"));
    assertEquals(32768, b.getLong("memoryMiB"));
    assertEquals("x86_64", b.getString("arch"));
    assertEquals(List.of("test"), b.getList("domainTypes"));
    assertEquals(0, b.getInt("usedCpus"));
    assertEquals("aarch64", admin().get("/api/v1/nodes/" + name("c")).jsonPath().getString("arch"));
    List<String> listed =
        admin().get("/api/v1/nodes").then().statusCode(200).extract().path("name");
    assertTrue(
        listed.containsAll(List.of(name("a"), name("b"), name("c"), "local")), listed::toString);

    String publisher = TestApi.unique("simpub");
    String token = TestApi.publisherToken(publisher);
    byte[] kernel = TestApi.bytes("kernel " + run);
    byte[] initrd = TestApi.bytes("initrd " + run);
    byte[] root = TestApi.bytes("root " + run);
    String app = TestApi.publishedAppliance(token, publisher, Map.of(), kernel, initrd, root);
    Map<String, String> sim = Map.of("pool", run);

    // Spread: the emptiest node after placement wins, so the big node b; the aarch64 node c never
    // fits an x86_64 VM; labels and a named node narrow the choice.
    assertEquals(name("b"), dryRun(app, null, sim));
    assertEquals(name("a"), dryRun(app, null, Map.of("pool", run, "disk", "hdd")));
    assertEquals(name("a"), dryRun(app, name("a"), Map.of()));
    assertNull(dryRun(app, name("c"), Map.of()), "an aarch64 node cannot take an x86_64 VM");

    // Cache locality: once the small node a holds the appliance's files, it wins over b.
    stageOn("a", kernel, initrd, root);
    sync.refresh();
    JsonPath cached = admin().get("/api/v1/nodes/" + name("a")).jsonPath();
    assertEquals(
        List.of(TestApi.digest(root), TestApi.digest(initrd), TestApi.digest(kernel)).stream()
            .sorted()
            .toList(),
        cached.getList("cache.volumes.digest"));
    assertEquals(kernel.length + initrd.length + root.length, cached.getLong("cache.usedBytes"));
    assertEquals(name("a"), dryRun(app, null, sim));

    // Draining a stops new placements there.
    admin()
        .post("/api/v1/nodes/" + name("a") + "/drain")
        .then()
        .statusCode(200)
        .body("state", equalTo("DRAINING"));
    assertEquals(name("b"), dryRun(app, null, sim));
    admin()
        .post("/api/v1/nodes/" + name("a") + "/activate")
        .then()
        .statusCode(200)
        .body("state", equalTo("UP"));

    // A real deployment: a (cached) fails it (the test driver cannot upload the seed), then b
    // (cannot upload the kernel); c has the wrong architecture, so it ends FAILED after 2 nodes.
    String id =
        as(token)
            .contentType(ContentType.JSON)
            .body(Map.of("applianceId", app, "labels", sim))
            .post("/api/v1/deployments")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    JsonPath failed = awaitState(token, id, "FAILED");
    assertEquals(2, failed.getInt("attempts"), failed.prettify());
    assertEquals(name("b"), failed.getString("node"));
    assertTrue(failed.getString("message").contains("no other node has room"), failed.prettify());
    String domain = failed.getString("domain");
    for (String n : List.of("a", "b", "c")) {
      JsonPath node = admin().get("/api/v1/nodes/" + name(n)).jsonPath();
      assertEquals(0, node.getInt("usedCpus"), n + " keeps no claim");
      assertEquals(0, node.getLong("usedMemoryMiB"), n + " keeps no claim");
      Connect c = connections.get(uris.get(n));
      assertFalse(new VmLifecycle(c).exists(domain), "no domain left on " + n);
    }
    NodeImageCache cacheA = cache("a");
    assertFalse(
        cacheA.volumes().stream().anyMatch(v -> v.startsWith(domain)),
        "no per-deployment volume left on a: " + cacheA.volumes());
    assertEquals(3, cacheA.volumes().size(), "the cache volumes stay");
  }

  @Test
  void rejectsBadUrisDuplicatesAndNonOperators() throws Exception {
    register("a", "sim-a", Map.of());
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name("x"), "uri", "http://example.org/"))
        .post("/api/v1/nodes")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("uri"))
        .body("detail", containsString("unsupported libvirt URI scheme"));
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name("a"), "uri", "test:///default"))
        .post("/api/v1/nodes")
        .then()
        .statusCode(409);
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name("y"), "uri", uris.get("a")))
        .post("/api/v1/nodes")
        .then()
        .statusCode(409);
    String consumer = TestApi.userToken("consumer", null);
    as(consumer).get("/api/v1/nodes").then().statusCode(403);
    admin().get("/api/v1/nodes/" + name("nope")).then().statusCode(404);
  }

  private String name(String n) {
    return run + "-" + n;
  }

  private void register(String n, String file, Map<String, String> labels) throws Exception {
    Path copy = Files.createTempFile(run + "-" + n, ".xml");
    Files.copy(
        Path.of("src/test/resources/nodes/" + file + ".xml"),
        copy,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String uri = "test://" + copy.toAbsolutePath();
    uris.put(n, uri);
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name(n), "uri", uri, "labels", labels))
        .post("/api/v1/nodes")
        .then()
        .statusCode(201)
        .body("state", equalTo("UP"));
  }

  private NodeImageCache cache(String n) {
    return new NodeImageCache(
        connections.get(uris.get(n)), config.deployer().pool(), config.deployer().poolDir());
  }

  /** Puts the files into node {@code n}'s cache as a finished staging would have. */
  private void stageOn(String n, byte[]... files) throws Exception {
    NodeImageCache cache = cache(n);
    cache.volumes(); // creates the pool
    Connect c = connections.get(uris.get(n));
    for (byte[] file : files) {
      String volume = "sha256-" + TestApi.digest(file).substring("sha256:".length());
      c.storagePoolLookupByName(config.deployer().pool())
          .storageVolCreateXML(
              "<volume><name>%s</name><capacity unit='bytes'>%d</capacity>"
                      .formatted(volume, file.length)
                  + "<allocation unit='bytes'>%d</allocation></volume>".formatted(file.length),
              0);
    }
  }

  private static String dryRun(String app, String node, Map<String, String> labels) {
    Map<String, Object> body = new HashMap<>(Map.of("applianceId", app, "labels", labels));
    if (node != null) {
      body.put("node", node);
    }
    return admin()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/deployments?dryRun=true")
        .then()
        .statusCode(200)
        .extract()
        .path("node");
  }

  private static JsonPath awaitState(String token, String id, String wanted)
      throws InterruptedException {
    JsonPath last = null;
    for (int i = 0; i < 240; i++) {
      last = as(token).get("/api/v1/deployments/" + id).then().statusCode(200).extract().jsonPath();
      if (last.getString("state").equals(wanted)) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("not " + wanted + ": " + last.prettify());
  }
}
