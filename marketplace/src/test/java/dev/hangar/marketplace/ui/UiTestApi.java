package dev.hangar.marketplace.ui;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;

/**
 * Sets up what the UI tests need through the REST API as the test profile's admin: publishers,
 * users with tokens, and small published appliances.
 */
final class UiTestApi {
  /** The admin token of the test profile ({@code %test.hangar.auth.admin-token}). */
  static final String ADMIN_TOKEN = "hgr_test-admin-token-for-the-test-profile-only";

  private UiTestApi() {}

  /** A user the tests created and its API token. */
  record User(String name, String token) {}

  static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  /** A fresh name, so tests sharing one database do not collide. */
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static void createPublisher(String name) {
    as(ADMIN_TOKEN)
        .contentType(ContentType.JSON)
        .body(Map.of("name", name))
        .post("/api/v1/publishers")
        .then()
        .statusCode(201);
  }

  /** Creates a user with {@code role} (acting for {@code publisher} if not null). */
  static User user(String role, String publisher) {
    String name = unique(role);
    Map<String, Object> body = new HashMap<>(Map.of("name", name, "role", role.toUpperCase()));
    if (publisher != null) {
      body.put("publisher", publisher);
    }
    as(ADMIN_TOKEN)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/users")
        .then()
        .statusCode(201);
    String token =
        as(ADMIN_TOKEN)
            .contentType(ContentType.JSON)
            .body(Map.of("name", "ui-test"))
            .post("/api/v1/users/" + name + "/tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    return new User(name, token);
  }

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
    byte[] kernel = bytes("kernel of " + name);
    byte[] initrd = bytes("initrd of " + name);
    byte[] root = bytes("root of " + name);
    String id =
        as(token)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "publisher",
                    publisher,
                    "name",
                    name,
                    "summary",
                    "An appliance the UI test publishes",
                    "tags",
                    List.of("ui-test")))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Map<String, Object> version = new HashMap<>();
    version.put("version", "1.0.0");
    version.put(
        "boot",
        Map.of(
            "kernel", file(kernel),
            "initrd", file(initrd),
            "cmdline", "root=/dev/vda"));
    version.put("requirements", Map.of("arch", "x86_64", "vcpus", 1, "memoryMiB", 128));
    version.put(
        "partitions",
        List.of(
            Map.of(
                "label", "root",
                "role", "root",
                "kind", "COPY_ON_WRITE",
                "filesystem", "ext4",
                "sizeBytes", root.length,
                "digest", digest(root))));
    as(token)
        .contentType(ContentType.JSON)
        .body(version)
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(201);
    for (byte[] content : List.of(kernel, initrd, root)) {
      as(token)
          .contentType(ContentType.BINARY)
          .body(content)
          .put("/api/v1/blobs/" + digest(content))
          .then()
          .statusCode(Matchers.oneOf(200, 201));
    }
    as(token).post("/api/v1/appliances/" + id + "/versions/1.0.0/publish").then().statusCode(200);
    return id;
  }

  private static Map<String, Object> file(byte[] content) {
    return Map.of("digest", digest(content), "size", content.length);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String digest(byte[] content) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
