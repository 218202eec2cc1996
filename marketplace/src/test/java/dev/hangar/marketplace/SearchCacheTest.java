package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

/**
 * Search pages are served from memory ({@code SearchCache}), yet a publish, revoke, visibility
 * change or new appliance shows in the very next search, and one caller's cached page never reaches
 * a caller who may see less. A page costs the same number of SQL statements whatever its size (no
 * query per item).
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class SearchCacheTest {
  @Inject SessionFactory sessions;

  @Test
  void publishRevokeAndVisibilityChangesShowInTheNextSearch() {
    String publisher = TestApi.unique("fresh");
    String token = TestApi.publisherToken(publisher);
    String word = TestApi.unique("quokka").replace("-", "");
    // Only appliances with a published x86_64 version pass arch=x86_64.
    String published = "/api/v1/search?arch=x86_64&q=" + word;
    String all = "/api/v1/search?q=" + word;
    assertEquals(List.of(), ids(null, all));
    assertEquals(List.of(), ids(null, published));

    String id =
        as(token)
            .contentType(ContentType.JSON)
            .body(Map.of("publisher", publisher, "name", "app", "summary", word + " inside"))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    assertEquals(List.of(id), ids(null, all), "a new appliance is found at once");
    assertEquals(List.of(), ids(null, published), "no published version yet");

    byte[] k = TestApi.bytes("k" + word);
    byte[] i = TestApi.bytes("i" + word);
    byte[] r = TestApi.bytes("r" + word);
    as(token)
        .contentType(ContentType.JSON)
        .body(TestApi.versionBody("1.0.0", k, i, r))
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(201);
    TestApi.uploadBlobs(token, k, i, r);
    assertEquals(List.of(), ids(null, published), "a draft is not published");
    as(token).post("/api/v1/appliances/" + id + "/versions/1.0.0/publish").then().statusCode(200);
    assertEquals(List.of(id), ids(null, published), "published: found at once");
    assertEquals(
        1,
        as(null).get(published).then().extract().jsonPath().getInt("facets.arch.x86_64"),
        "facets follow too");

    as(token).post("/api/v1/appliances/" + id + "/versions/1.0.0/revoke").then().statusCode(200);
    assertEquals(List.of(), ids(null, published), "revoked: gone at once");
    assertEquals(List.of(id), ids(null, all), "the appliance itself is still listed");

    setVisibility(token, id, "PRIVATE");
    assertEquals(List.of(), ids(null, all), "private: gone at once for others");
    assertEquals(List.of(id), ids(token, all), "its publisher still finds it");
    setVisibility(token, id, "PUBLIC");
    assertEquals(List.of(id), ids(null, all), "public again: found at once");
  }

  @Test
  void cachedPagesNeverReachCallersWhoMaySeeLess() {
    String owner = TestApi.unique("owner");
    String ownerToken = TestApi.publisherToken(owner);
    String friend = TestApi.unique("friend");
    String friendToken = TestApi.publisherToken(friend);
    String strangerToken = TestApi.publisherToken(TestApi.unique("stranger"));
    String consumerToken = TestApi.userToken("consumer", null);
    String word = TestApi.unique("okapi").replace("-", "");
    String privateId = appliance(ownerToken, owner, word, "PRIVATE", List.of());
    String sharedId = appliance(ownerToken, owner, word, "SHARED", List.of(friend));
    String publicId = appliance(ownerToken, owner, word, "PUBLIC", List.of());
    String url = "/api/v1/search?q=" + word;

    // The owner's page is computed (and cached) first; nobody else may be answered from it.
    List<String> everything = sorted(List.of(privateId, sharedId, publicId));
    assertEquals(everything, sorted(ids(ownerToken, url)));
    assertEquals(everything, sorted(ids(ownerToken, url)), "served again from the cache");
    assertEquals(sorted(List.of(sharedId, publicId)), sorted(ids(friendToken, url)));
    assertEquals(List.of(publicId), ids(strangerToken, url));
    assertEquals(List.of(publicId), ids(consumerToken, url));
    assertEquals(List.of(publicId), ids(null, url));
    assertEquals(everything, sorted(ids(TestApi.ADMIN_TOKEN, url)));
    assertEquals(
        1, as(null).get(url).then().extract().jsonPath().getInt("facets.publisher." + owner));
  }

  @Test
  void aPageCostsAsManyStatementsWhateverItsSize() {
    String publisher = TestApi.unique("nplus");
    String token = TestApi.publisherToken(publisher);
    String word = TestApi.unique("tapir").replace("-", "");
    for (int n = 0; n < 12; n++) {
      TestApi.publishedAppliance(
          token,
          publisher,
          Map.of("tags", List.of(word, "tag" + n), "categories", List.of("cat" + (n % 3))),
          TestApi.bytes("k" + n + word),
          TestApi.bytes("i" + n + word),
          TestApi.bytes("r" + n + word));
    }
    long small = statements(token, "/api/v1/search?limit=2&q=" + word, 2);
    long large = statements(token, "/api/v1/search?limit=12&q=" + word, 12);
    assertTrue(
        large <= small + 2,
        "a page of 12 took " + large + " statements, a page of 2 took " + small);
  }

  /** The fewest statements one uncached search took in three tries (other work adds noise). */
  private long statements(String token, String url, int expectedItems) {
    long fewest = Long.MAX_VALUE;
    for (String sort : List.of("name", "newest", "name&facets=false")) {
      // Each try is a query not asked before, so it misses the cache.
      String uncached = url + "&sort=" + sort;
      long before = sessions.getStatistics().getPrepareStatementCount();
      int items = ids(token, uncached).size();
      fewest = Math.min(fewest, sessions.getStatistics().getPrepareStatementCount() - before);
      assertEquals(expectedItems, items, uncached);
    }
    return fewest;
  }

  private static String appliance(
      String token, String publisher, String word, String visibility, List<String> sharedWith) {
    Map<String, Object> body = new HashMap<>();
    body.put("publisher", publisher);
    body.put("name", TestApi.unique(visibility.toLowerCase()));
    body.put("summary", "about " + word);
    body.put("visibility", visibility);
    body.put("sharedWith", sharedWith);
    return as(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/appliances")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static void setVisibility(String token, String id, String visibility) {
    var current = as(token).get("/api/v1/appliances/" + id).then().statusCode(200).extract();
    Map<String, Object> body = new HashMap<>();
    body.put("summary", current.path("summary"));
    body.put("description", current.path("description"));
    body.put("visibility", visibility);
    as(token)
        .header("If-Match", current.header("ETag"))
        .contentType(ContentType.JSON)
        .body(body)
        .put("/api/v1/appliances/" + id)
        .then()
        .statusCode(200);
  }

  private static List<String> ids(String token, String url) {
    return as(token)
        .get(url)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", String.class);
  }

  private static List<String> sorted(List<String> ids) {
    List<String> copy = new ArrayList<>(ids);
    copy.sort(null);
    return copy;
  }
}
