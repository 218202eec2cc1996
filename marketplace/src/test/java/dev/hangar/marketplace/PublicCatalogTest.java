package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.marketplace.search.PublicCatalog;
import dev.hangar.store.trust.SignatureAlgorithm;
import dev.hangar.store.trust.SigningKey;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Searches of callers who see only public appliances are answered from memory ({@code
 * PublicCatalog}) exactly as the database answers them: every page, cursor and facet equals the
 * database's answer to a publisher who owns nothing and has nothing shared with it, and so sees the
 * same appliances.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class PublicCatalogTest {
  @Inject PublicCatalog catalog;

  @Test
  void answersEveryPageAndFacetAsTheDatabaseDoes() throws Exception {
    String publisher = TestApi.unique("index");
    String token = TestApi.publisherToken(publisher);
    String word = TestApi.unique("wombat").replace("-", "");
    String friend = TestApi.unique("friend");
    TestApi.createPublisher(friend);

    String alpha = appliance(token, publisher, "alpha", word + " first", List.of("db"), word);
    version(token, alpha, "1.0.0", "x86_64", List.of("qemu", "kvm"), true);
    String beta = appliance(token, publisher, "beta", "second", List.of("web", "db"), word);
    version(token, beta, "1.0.0", "aarch64", List.of("xen"), true);
    String gamma = appliance(token, publisher, "gamma", "third", List.of("web"), "other");
    version(token, gamma, "1.0.0", "x86_64", List.of("qemu"), true);
    // Two published versions: both architectures count, kvm is in two distinct lists.
    String delta = appliance(token, publisher, "delta", word + " fourth", List.of("misc"), "x");
    version(token, delta, "1.0.0", "x86_64", List.of("kvm"), true);
    version(token, delta, "2.0.0", "aarch64", List.of("qemu", "kvm"), true);
    // A revoked version is no published version; a draft is invisible to these callers.
    String epsilon = appliance(token, publisher, "epsilon", word, List.of("db"), "y");
    version(token, epsilon, "1.0.0", "aarch64", List.of("xen"), true);
    as(token)
        .post("/api/v1/appliances/" + epsilon + "/versions/1.0.0/revoke")
        .then()
        .statusCode(200);
    version(token, epsilon, "1.1.0", "x86_64", List.of("qemu"), false);
    appliance(token, publisher, "zeta-no-version", word + " empty", List.of(), word);
    // Neither of these may show.
    Map<String, Object> hidden = new HashMap<>();
    hidden.put("visibility", "SHARED");
    hidden.put("sharedWith", List.of(friend));
    appliance(token, publisher, "shared", word, List.of("db"), word, hidden);
    appliance(
        token, publisher, "private", word, List.of("db"), word, Map.of("visibility", "PRIVATE"));
    // Signed by a registered key (trusted), and by a stranger's key (signed, not trusted).
    SigningKey registered = TrustTestSupport.newKey(SignatureAlgorithm.ED25519);
    TrustTestSupport.register(token, publisher, registered).then().statusCode(201);
    SigningKey stranger = TrustTestSupport.newKey(SignatureAlgorithm.ED25519);
    String trusted = TrustTestSupport.draftAppliance(token, publisher, "trusted", "t" + word);
    String untrusted = TrustTestSupport.draftAppliance(token, publisher, "untrusted", "u" + word);
    TrustTestSupport.sign(
            token, trusted, TrustTestSupport.manifest(token, trusted, null), registered)
        .then()
        .statusCode(201);
    TrustTestSupport.sign(
            token, untrusted, TrustTestSupport.manifest(token, untrusted, null), stranger)
        .then()
        .statusCode(201);
    for (String id : List.of(trusted, untrusted)) {
      TrustTestSupport.publish(token, id).then().statusCode(200);
    }

    // The database answers a publisher who sees just what anonymous callers see.
    String outsider = TestApi.publisherToken(TestApi.unique("outsider"));
    as(null).get("/api/v1/search?q=" + word + "&limit=1").then().statusCode(200); // starts a read
    waitForIndex();
    long answeredBefore = catalog.answered();
    int anonymousPages = 0;
    String p = "publisher=" + publisher;
    List<String> queries =
        List.of(
            p + "&limit=3",
            p + "&limit=2&sort=newest",
            p + "&q=" + word + "&limit=2",
            p + "&q=" + word.substring(2, 9) + "%20FOURTH",
            p + "&category=db&limit=1",
            p + "&arch=aarch64",
            p + "&hypervisor=kvm&limit=1&sort=newest",
            p + "&hypervisor=xen",
            p + "&signed=true",
            p + "&trusted=true",
            p + "&trusted=true&signed=true&q=trust",
            p + "&facets=false&limit=4",
            "q=" + word + "&limit=2",
            "limit=7",
            "category=db&limit=5&sort=newest");
    for (String query : queries) {
      String anonymousCursor = "";
      String outsiderCursor = "";
      int pages = 0;
      do {
        JsonPath mine = page(null, query, anonymousCursor);
        JsonPath database = page(outsider, query, outsiderCursor);
        assertEquals(
            database.getMap(""), mine.getMap(""), query + " after cursor " + anonymousCursor);
        anonymousPages++;
        anonymousCursor = mine.getString("nextCursor");
        outsiderCursor = database.getString("nextCursor");
        pages++;
      } while (anonymousCursor != null && pages < 4);
    }
    assertEquals(
        answeredBefore + anonymousPages,
        catalog.answered(),
        "every anonymous page came from memory, so the comparison compared something");

    // Sanity of the catalog built above, as the database sees it.
    JsonPath all = page(outsider, p, "");
    assertEquals(8, all.getList("items").size());
    assertEquals(Map.of("aarch64", 2, "x86_64", 5), all.getMap("facets.arch"));
    assertEquals(
        Map.of("kvm", 5, "qemu", 5, "xen", 1),
        all.getMap("facets.hypervisor"),
        "delta's kvm is in two lists and counts twice");
    assertEquals(Map.of("true", 2), all.getMap("facets.signed"));
    assertEquals(Map.of("true", 1), all.getMap("facets.trusted"));
    assertTrue(catalog.current());
  }

  private JsonPath page(String token, String query, String cursor) {
    String url = "/api/v1/search?" + query + (cursor.isEmpty() ? "" : "&cursor=" + cursor);
    // The queries are written encoded (%20), so RestAssured must not encode them again.
    return as(token).urlEncodingEnabled(false).get(url).then().statusCode(200).extract().jsonPath();
  }

  private void waitForIndex() throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!catalog.current()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the public catalog was not read into memory within 30 s");
      }
      Thread.sleep(50);
    }
  }

  private static String appliance(
      String token,
      String publisher,
      String name,
      String summary,
      List<String> categories,
      String tag) {
    return appliance(token, publisher, name, summary, categories, tag, Map.of());
  }

  private static String appliance(
      String token,
      String publisher,
      String name,
      String summary,
      List<String> categories,
      String tag,
      Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>(extra);
    body.put("publisher", publisher);
    body.put("name", name);
    body.put("summary", summary);
    body.put("categories", categories);
    body.put("tags", List.of(tag));
    return as(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/appliances")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static void version(
      String token,
      String id,
      String version,
      String arch,
      List<String> hypervisors,
      boolean publish) {
    String seed = id + version;
    byte[] kernel = TestApi.bytes("k" + seed);
    byte[] initrd = TestApi.bytes("i" + seed);
    byte[] root = TestApi.bytes("r" + seed);
    Map<String, Object> body = TestApi.versionBody(version, kernel, initrd, root);
    body.put(
        "requirements",
        Map.of("arch", arch, "vcpus", 1, "memoryMiB", 128, "hypervisors", hypervisors));
    as(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(201);
    TestApi.uploadBlobs(token, kernel, initrd, root);
    if (publish) {
      as(token)
          .post("/api/v1/appliances/" + id + "/versions/" + version + "/publish")
          .then()
          .statusCode(200);
    }
  }
}
