package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hangar.store.trust.SignatureAlgorithm;
import dev.hangar.store.trust.SigningKey;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Search: words over name/summary/description/tags, filters, facets, sort and cursor pages. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class SearchTest {

  @Test
  void findsByWordsFiltersCountsFacetsAndPagesWithoutGapsOrRepeats() {
    String publisher = TestApi.unique("search");
    String token = TestApi.publisherToken(publisher);
    String word = TestApi.unique("zebra").replace("-", "");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Map<String, Object> extra =
          Map.of(
              "categories", List.of(i == 0 ? "database" : "web"),
              "tags", List.of(i == 2 ? word : "plain"),
              "description",
                  i == 1 ? "serves " + word.toUpperCase() + " pages" : "nothing special");
      ids.add(
          TestApi.publishedAppliance(
              token,
              publisher,
              extra,
              TestApi.bytes("k" + i + word),
              TestApi.bytes("i" + i + word),
              TestApi.bytes("r" + i + word)));
    }
    // A private appliance with the same word is invisible to an anonymous search.
    TestApi.publishedAppliance(
        token,
        publisher,
        Map.of("visibility", "PRIVATE", "tags", List.of(word)),
        TestApi.bytes("kp" + word),
        TestApi.bytes("ip" + word),
        TestApi.bytes("rp" + word));

    JsonPath byWord =
        as(null).get("/api/v1/search?q=" + word).then().statusCode(200).extract().jsonPath();
    assertEquals(
        List.of(ids.get(1), ids.get(2)).stream().sorted().toList(),
        byWord.getList("items.id", String.class).stream().sorted().toList());
    assertEquals(2, byWord.getInt("facets.category.web"), "both matches are in category web");
    as(token)
        .get("/api/v1/search?q=" + word)
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(3));

    JsonPath inCategory =
        as(null)
            .get("/api/v1/search?publisher=" + publisher + "&category=database")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(List.of(ids.get(0)), inCategory.getList("items.id"));

    // Every facet counts the appliances the caller finds, the private one not among them.
    JsonPath all =
        as(null)
            .get("/api/v1/search?publisher=" + publisher)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(
        Map.of(
            "category", Map.of("database", 1, "web", 2),
            "publisher", Map.of(publisher, 3),
            "arch", Map.of("x86_64", 3),
            "hypervisor", Map.of("kvm", 3, "qemu", 3),
            "signed", Map.of("true", 0),
            "trusted", Map.of("true", 0)),
        all.getMap("facets"));
    assertEquals(
        Map.of("web", 2),
        as(null)
            .get("/api/v1/search?publisher=" + publisher + "&q=" + word + "&category=web&limit=1")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("facets.category"),
        "facets of the whole result under every filter, not of the page");

    List<String> paged = new ArrayList<>();
    String cursor = "";
    do {
      JsonPath page =
          as(null)
              .get(
                  "/api/v1/search?publisher="
                      + publisher
                      + "&sort=newest&limit=1&facets=false&cursor="
                      + cursor)
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      paged.addAll(page.getList("items.id", String.class));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0)), paged, "newest first, each once");
  }

  @Test
  void signedAndTrustedFiltersJudgeTheLatestPublishedVersion() {
    String publisher = TestApi.unique("trustsearch");
    String token = TestApi.publisherToken(publisher);
    SigningKey registered = TrustTestSupport.newKey(SignatureAlgorithm.ED25519);
    TrustTestSupport.register(token, publisher, registered).then().statusCode(201);
    SigningKey stranger = TrustTestSupport.newKey(SignatureAlgorithm.ED25519);
    String seed = UUID.randomUUID().toString();
    String trusted = TrustTestSupport.draftAppliance(token, publisher, "trusted", "t" + seed);
    String untrusted = TrustTestSupport.draftAppliance(token, publisher, "untrusted", "u" + seed);
    String unsigned = TrustTestSupport.draftAppliance(token, publisher, "unsigned", "n" + seed);
    TrustTestSupport.sign(
            token, trusted, TrustTestSupport.manifest(token, trusted, null), registered)
        .then()
        .statusCode(201);
    // Signed, but by a key the publisher never registered: the default policy does not trust it.
    TrustTestSupport.sign(
            token, untrusted, TrustTestSupport.manifest(token, untrusted, null), stranger)
        .then()
        .statusCode(201);
    for (String id : List.of(trusted, untrusted, unsigned)) {
      TrustTestSupport.publish(token, id).then().statusCode(200);
    }

    String base = "/api/v1/search?publisher=" + publisher;
    assertEquals(List.of(trusted, unsigned, untrusted), ids(base));
    assertEquals(List.of(trusted, untrusted), ids(base + "&signed=true"));
    assertEquals(List.of(trusted), ids(base + "&trusted=true"));
    assertEquals(List.of(trusted), ids(base + "&trusted=true&signed=true"));
    assertEquals(List.of(trusted, unsigned, untrusted), ids(base + "&signed=false"));
    JsonPath all = as(null).get(base).then().statusCode(200).extract().jsonPath();
    assertEquals(2, all.getInt("facets.signed.true"));
    assertEquals(1, all.getInt("facets.trusted.true"));
    // The filter is exact across pages: one trusted appliance, so no second page.
    JsonPath page =
        as(null).get(base + "&trusted=true&limit=1").then().statusCode(200).extract().jsonPath();
    assertEquals(List.of(trusted), page.getList("items.id"));
    assertEquals(null, page.getString("nextCursor"));
  }

  @Test
  void wildcardCharactersInWordsMatchOnlyThemselves() {
    String publisher = TestApi.unique("wild");
    String token = TestApi.publisherToken(publisher);
    String literal = appliance(token, publisher, "uptime 100% for snake_case names in c:\\temp");
    appliance(token, publisher, "uptime 1000 for snakeXcase names in c:/temp");
    assertEquals(List.of(literal), words(publisher, "100%"));
    assertEquals(List.of(literal), words(publisher, "snake_case"));
    assertEquals(List.of(literal), words(publisher, "c:\\temp"), "so does the escape character");
  }

  private static List<String> words(String publisher, String q) {
    return as(null)
        .queryParam("publisher", publisher)
        .queryParam("q", q)
        .get("/api/v1/search")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id");
  }

  private static String appliance(String token, String publisher, String summary) {
    return as(token)
        .contentType(io.restassured.http.ContentType.JSON)
        .body(Map.of("publisher", publisher, "name", TestApi.unique("w"), "summary", summary))
        .post("/api/v1/appliances")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static List<String> ids(String url) {
    return as(null).get(url).then().statusCode(200).extract().jsonPath().getList("items.id");
  }

  @Test
  void badParametersAreNamedInTheProblem() {
    as(null)
        .get("/api/v1/search?signed=yes")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("signed"));
    as(null)
        .get("/api/v1/search?trusted=1")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("trusted"));
    as(null)
        .get("/api/v1/search?sort=price")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("sort"));
    as(null)
        .get("/api/v1/search?limit=1000")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("limit"));
    as(null)
        .get("/api/v1/search?cursor=garbage")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
  }
}
