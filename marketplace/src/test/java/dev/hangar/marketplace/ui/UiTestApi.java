package dev.hangar.marketplace.ui;

import static dev.hangar.marketplace.TestApi.as;

import dev.hangar.marketplace.TestApi;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;

/** REST checks the browser tests make beside what the page shows; setup comes from TestApi. */
final class UiTestApi {
  private UiTestApi() {}

  static JsonPath deployment(String token, String id) {
    return as(token).get("/api/v1/deployments/" + id).then().statusCode(200).extract().jsonPath();
  }

  static String versionStatus(String token, String applianceId, String version) {
    return as(token)
        .get("/api/v1/appliances/" + applianceId + "/versions/" + version)
        .then()
        .statusCode(200)
        .extract()
        .path("status");
  }

  /**
   * Creates appliance {@code name} of {@code publisher} with published version 1.0.0 made of three
   * small files (kernel, initrd, root); returns the appliance id.
   */
  static String publishedAppliance(String token, String publisher, String name) {
    return TestApi.publishedAppliance(
        token,
        publisher,
        Map.of(
            "name",
            name,
            "summary",
            "An appliance the UI test publishes",
            "tags",
            List.of("ui-test")),
        TestApi.bytes("kernel of " + name),
        TestApi.bytes("initrd of " + name),
        TestApi.bytes("root of " + name));
  }
}
