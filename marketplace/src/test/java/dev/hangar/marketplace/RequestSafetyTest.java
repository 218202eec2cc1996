package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.admin;
import static dev.hangar.marketplace.TestApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Idempotency-Key, oversized bodies and uploads cut off halfway. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class RequestSafetyTest {
  @TestHTTPResource("/")
  URI base;

  @Test
  void sameKeyAndBodyReplaysTheFirstResponseInsteadOfActingTwice() {
    String name = TestApi.unique("idem");
    String key = TestApi.unique("key");
    String first =
        admin()
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(Map.of("name", name))
            .post("/api/v1/publishers")
            .then()
            .statusCode(201)
            .extract()
            .asString();
    String second =
        admin()
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(Map.of("name", name))
            .post("/api/v1/publishers")
            .then()
            .statusCode(201)
            .header("Idempotent-Replayed", "true")
            .extract()
            .asString();
    assertEquals(first, second);
    // Without the key the same request really runs again, and conflicts with the first.
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name))
        .post("/api/v1/publishers")
        .then()
        .statusCode(409);
  }

  @Test
  void sameKeyWithAnotherBodyIsRefused() {
    String key = TestApi.unique("key");
    admin()
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body(Map.of("name", TestApi.unique("a")))
        .post("/api/v1/publishers")
        .then()
        .statusCode(201);
    admin()
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body(Map.of("name", TestApi.unique("b")))
        .post("/api/v1/publishers")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("detail", containsString("different request"));
  }

  @Test
  void oversizedJsonIsA413Problem() {
    String huge = "{\"name\":\"x\",\"displayName\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
    admin()
        .contentType(ContentType.JSON)
        .body(huge)
        .post("/api/v1/publishers")
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
  }

  @Test
  void uploadCutOffHalfwayLeavesNothingStored() throws Exception {
    String publisher = TestApi.unique("cut");
    String token = TestApi.publisherToken(publisher);
    byte[] root = new byte[4 * 1024 * 1024];
    new java.util.Random(3).nextBytes(root);
    String digest = TestApi.digest(root);

    // Announce 4 MiB, send 1 MiB, hang up.
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      String head =
          "PUT /api/v1/blobs/"
              + digest
              + " HTTP/1.1\r\nHost: "
              + base.getHost()
              + "\r\nAuthorization: Bearer "
              + token
              + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
              + root.length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(root, 0, 1024 * 1024);
      out.flush();
    }
    Thread.sleep(1000);

    // A draft naming that digest cannot be published: the store has no complete copy.
    String id =
        as(token)
            .contentType(ContentType.JSON)
            .body(Map.of("publisher", publisher, "name", "cut", "summary", "s"))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    byte[] kernel = TestApi.bytes("k" + publisher);
    byte[] initrd = TestApi.bytes("i" + publisher);
    as(token)
        .contentType(ContentType.JSON)
        .body(TestApi.versionBody("1.0.0", kernel, initrd, root))
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(201);
    as(token)
        .contentType(ContentType.BINARY)
        .body(kernel)
        .put("/api/v1/blobs/" + TestApi.digest(kernel))
        .then()
        .statusCode(201);
    as(token)
        .contentType(ContentType.BINARY)
        .body(initrd)
        .put("/api/v1/blobs/" + TestApi.digest(initrd))
        .then()
        .statusCode(201);
    as(token)
        .post("/api/v1/appliances/" + id + "/versions/1.0.0/publish")
        .then()
        .statusCode(409)
        .body("detail", containsString("partition root " + digest + " has not been uploaded"));

    // The same upload sent whole then succeeds: nothing half-stored stands in its way.
    as(token)
        .contentType(ContentType.BINARY)
        .body(root)
        .put("/api/v1/blobs/" + digest)
        .then()
        .statusCode(201);
    as(token)
        .post("/api/v1/appliances/" + id + "/versions/1.0.0/publish")
        .then()
        .statusCode(200)
        .body("status", equalTo("PUBLISHED"));
  }
}
