package dev.hangar.marketplace.ui;

import static dev.hangar.marketplace.TestApi.as;

import dev.hangar.marketplace.TestApi;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.SigningKey;
import io.restassured.http.ContentType;
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

  /** Signs the canonical manifest of version 1.0.0 (issued now) with {@code key}. */
  static void sign(String token, String applianceId, SigningKey key) {
    String version = "/api/v1/appliances/" + applianceId + "/versions/1.0.0";
    byte[] manifest =
        as(token).get(version + "/manifest").then().statusCode(200).extract().asByteArray();
    as(token)
        .contentType(ContentType.JSON)
        .body(Envelope.of(ApplianceManifest.PAYLOAD_TYPE, manifest).signedBy(key).toBytes())
        .post(version + "/signatures")
        .then()
        .statusCode(201);
  }
}
