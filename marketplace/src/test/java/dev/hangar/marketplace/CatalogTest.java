package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static dev.hangar.marketplace.TestApi.digest;
import static dev.hangar.marketplace.TestApi.versionBody;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Publishing through the REST API: drafts, uploads by digest, atomic publish, every version listed,
 * the status life cycle, optimistic updates and the audit trail.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class CatalogTest {
  private final byte[] kernel = TestApi.bytes("kernel bytes " + System.nanoTime());
  private final byte[] initrd = TestApi.bytes("initrd bytes " + System.nanoTime());
  private final byte[] root = randomBytes(3 * 1024 * 1024);

  private static byte[] randomBytes(int size) {
    byte[] b = new byte[size];
    new Random().nextBytes(b);
    return b;
  }

  private String newAppliance(String token, String publisher) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("publisher", publisher, "name", "app", "summary", "test appliance"))
        .post("/api/v1/appliances")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  @Test
  void draftIsPublishedOnlyOnceEveryFileIsStoredAndEveryVersionIsListed() {
    String publisher = TestApi.unique("pub");
    String token = TestApi.publisherToken(publisher);
    String id = newAppliance(token, publisher);
    for (String version : new String[] {"1.0.0", "1.1.0"}) {
      as(token)
          .contentType(ContentType.JSON)
          .body(versionBody(version, kernel, initrd, root))
          .post("/api/v1/appliances/" + id + "/versions")
          .then()
          .statusCode(201)
          .body("status", equalTo("DRAFT"));
    }

    as(token)
        .post("/api/v1/appliances/" + id + "/versions/1.0.0/publish")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("has not been uploaded"));

    for (byte[] file : new byte[][] {kernel, initrd, root}) {
      as(token)
          .contentType(ContentType.BINARY)
          .body(file)
          .put("/api/v1/blobs/" + digest(file))
          .then()
          .statusCode(201);
      // A second upload of the same bytes stores nothing new.
      as(token)
          .contentType(ContentType.BINARY)
          .body(file)
          .put("/api/v1/blobs/" + digest(file))
          .then()
          .statusCode(200);
    }
    as(token)
        .post("/api/v1/appliances/" + id + "/versions/1.0.0/publish")
        .then()
        .statusCode(200)
        .body("status", equalTo("PUBLISHED"));

    // The owner sees both versions; an anonymous visitor sees the published one only.
    as(token)
        .get("/api/v1/appliances/" + id)
        .then()
        .statusCode(200)
        .body("latestVersion", equalTo("1.0.0"))
        .body("versions", hasSize(2));
    as(null).get("/api/v1/appliances/" + id).then().statusCode(200).body("versions", hasSize(1));
    byte[] downloaded =
        as(null)
            .get("/api/v1/blobs/" + digest(root))
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertArrayEquals(root, downloaded);
  }

  @Test
  void versionMovesFromPublishedToDeprecatedToRevokedAndRevokedCannotBeDeployed() {
    String publisher = TestApi.unique("life");
    String token = TestApi.publisherToken(publisher);
    String id = TestApi.publishedAppliance(token, publisher, Map.of(), kernel, initrd, root);
    String consumer = TestApi.userToken("consumer", null);
    String version = "/api/v1/appliances/" + id + "/versions/1.0.0";

    as(token).post(version + "/revoke").then().statusCode(200).body("status", equalTo("REVOKED"));
    as(token)
        .post(version + "/deprecate")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
    as(consumer)
        .contentType(ContentType.JSON)
        .body(Map.of("applianceId", id, "version", "1.0.0"))
        .post("/api/v1/deployments?dryRun=true")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("version"))
        .body("detail", containsString("REVOKED"));
  }

  @Test
  void updateNeedsTheCurrentEtag() {
    String publisher = TestApi.unique("etag");
    String token = TestApi.publisherToken(publisher);
    String id = newAppliance(token, publisher);
    String etag =
        as(token).get("/api/v1/appliances/" + id).then().statusCode(200).extract().header("ETag");
    Map<String, Object> update =
        new HashMap<>(
            Map.of("summary", "new summary", "visibility", "PUBLIC", "tags", List.of("web")));

    as(token)
        .contentType(ContentType.JSON)
        .body(update)
        .put("/api/v1/appliances/" + id)
        .then()
        .statusCode(428);
    String next =
        as(token)
            .header("If-Match", etag)
            .contentType(ContentType.JSON)
            .body(update)
            .put("/api/v1/appliances/" + id)
            .then()
            .statusCode(200)
            .body("summary", equalTo("new summary"))
            .body("tags", equalTo(List.of("web")))
            .extract()
            .header("ETag");
    assertNotEquals(etag, next);
    // A second writer still holding the old ETag is refused instead of overwriting.
    as(token)
        .header("If-Match", etag)
        .contentType(ContentType.JSON)
        .body(update)
        .put("/api/v1/appliances/" + id)
        .then()
        .statusCode(412)
        .contentType("application/problem+json");
  }

  @Test
  void emptyPartitionWithDigestIsRejectedNamingTheField() {
    String publisher = TestApi.unique("p");
    String token = TestApi.publisherToken(publisher);
    String id = newAppliance(token, publisher);
    Map<String, Object> body = versionBody("1.0.0", kernel, initrd, root);
    body.put(
        "partitions",
        List.of(
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
                digest(root))));
    as(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("partitions[0].digest"));
  }

  @Test
  void auditLogRecordsWhoDidWhatAndOnlyAdminsReadIt() {
    String publisher = TestApi.unique("audit");
    String token = TestApi.publisherToken(publisher);
    TestApi.publishedAppliance(token, publisher, Map.of(), kernel, initrd, root);

    as(token).get("/api/v1/audit").then().statusCode(403).contentType("application/problem+json");
    List<Map<String, Object>> entries =
        TestApi.admin()
            .get("/api/v1/audit?limit=1000")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    List<String> actions =
        entries.stream()
            .filter(e -> String.valueOf(e.get("target")).startsWith(publisher))
            .map(e -> e.get("action") + " " + e.get("targetType"))
            .toList();
    org.junit.jupiter.api.Assertions.assertEquals(
        List.of("create publisher", "create appliance", "create version", "publish version"),
        actions);
  }
}
