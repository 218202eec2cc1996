package dev.hangar.marketplace;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Publishing through the REST API: drafts, uploads by digest, atomic publish, every version listed.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class CatalogTest {

  @Test
  void draftIsPublishedOnlyOnceEveryFileIsStoredAndEveryVersionIsListed() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "pub-" + suffix))
        .post("/api/v1/publishers")
        .then()
        .statusCode(201);
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("publisher", "pub-" + suffix, "name", "app", "summary", "test appliance"))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    byte[] kernel = "kernel bytes".getBytes(StandardCharsets.UTF_8);
    byte[] initrd = "initrd bytes".getBytes(StandardCharsets.UTF_8);
    byte[] root = new byte[3 * 1024 * 1024];
    new java.util.Random(7).nextBytes(root);
    for (String version : new String[] {"1.0.0", "1.1.0"}) {
      given()
          .contentType(ContentType.JSON)
          .body(versionBody(version, kernel, initrd, root))
          .post("/api/v1/appliances/" + id + "/versions")
          .then()
          .statusCode(201)
          .body("status", equalTo("DRAFT"));
    }

    given()
        .post("/api/v1/appliances/" + id + "/versions/1.0.0/publish")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("has not been uploaded"));

    for (byte[] file : new byte[][] {kernel, initrd, root}) {
      given()
          .contentType(ContentType.BINARY)
          .body(file)
          .put("/api/v1/blobs/" + digest(file))
          .then()
          .statusCode(201);
      // A second upload of the same bytes stores nothing new.
      given()
          .contentType(ContentType.BINARY)
          .body(file)
          .put("/api/v1/blobs/" + digest(file))
          .then()
          .statusCode(200);
    }
    given()
        .post("/api/v1/appliances/" + id + "/versions/1.0.0/publish")
        .then()
        .statusCode(200)
        .body("status", equalTo("PUBLISHED"));

    given()
        .get("/api/v1/appliances/" + id)
        .then()
        .statusCode(200)
        .body("latestVersion", equalTo("1.0.0"))
        .body("versions", hasSize(2));
    byte[] downloaded =
        given().get("/api/v1/blobs/" + digest(root)).then().statusCode(200).extract().asByteArray();
    org.junit.jupiter.api.Assertions.assertArrayEquals(root, downloaded);
  }

  @Test
  void emptyPartitionWithDigestIsRejectedNamingTheField() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "p-" + suffix))
        .post("/api/v1/publishers")
        .then()
        .statusCode(201);
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("publisher", "p-" + suffix, "name", "a", "summary", "s"))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Map<String, Object> body = versionBody("1.0.0", new byte[] {1}, new byte[] {2}, new byte[] {3});
    body.put(
        "partitions",
        java.util.List.of(
            Map.of(
                "label",
                "data",
                "role",
                "data",
                "kind",
                "EMPTY",
                "filesystem",
                "ext4",
                "sizeBytes",
                1024,
                "digest",
                digest(new byte[] {3}))));
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("partitions[0].digest"));
  }

  private static Map<String, Object> versionBody(
      String version, byte[] kernel, byte[] initrd, byte[] root) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("version", version);
    body.put(
        "boot",
        Map.of(
            "kernel", Map.of("digest", digest(kernel), "size", kernel.length),
            "initrd", Map.of("digest", digest(initrd), "size", initrd.length),
            "cmdline", "root=/dev/vda"));
    body.put("requirements", Map.of("arch", "x86_64", "vcpus", 1, "memoryMiB", 128));
    body.put(
        "partitions",
        java.util.List.of(
            Map.of(
                "label",
                "root",
                "role",
                "root",
                "kind",
                "COPY_ON_WRITE",
                "filesystem",
                "ext4",
                "sizeBytes",
                root.length,
                "digest",
                digest(root))));
    return body;
  }

  static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
