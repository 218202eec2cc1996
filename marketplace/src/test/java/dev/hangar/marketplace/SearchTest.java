package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  void badParametersAreNamedInTheProblem() {
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
