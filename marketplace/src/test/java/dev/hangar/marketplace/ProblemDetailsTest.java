package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Bad input at the REST edge gets RFC 7807 problem+json naming what was wrong, never a stack trace.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ProblemDetailsTest {

  @Test
  void malformedJsonIsA400Problem() {
    admin()
        .contentType(ContentType.JSON)
        .body("{\"name\": ")
        .post("/api/v1/publishers")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("title", equalTo("Malformed request body"))
        .body("detail", not(containsString("Exception")));
  }

  @Test
  void nameWithPathSeparatorIsRejectedNamingTheField() {
    admin()
        .contentType(ContentType.JSON)
        .body("{\"name\": \"../etc\"}")
        .post("/api/v1/publishers")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("name"))
        .body("detail", containsString("name"));
  }

  @Test
  void wrongTypeNamesTheField() {
    admin()
        .contentType(ContentType.JSON)
        .body("{\"applianceId\": \"not-a-uuid\"}")
        .post("/api/v1/deployments")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("applianceId"));
  }

  @Test
  void writingWithoutATokenIsA401ProblemWithChallenge() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\": \"acme\"}")
        .post("/api/v1/publishers")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"));
  }

  @Test
  void unknownTokenIsA401Problem() {
    TestApi.as("hgr_not-a-real-token")
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("detail", containsString("unknown or revoked"));
  }

  @Test
  void consumerCannotCreatePublishers() {
    TestApi.as(TestApi.userToken("consumer", null))
        .contentType(ContentType.JSON)
        .body("{\"name\": \"nope\"}")
        .post("/api/v1/publishers")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void unknownApplianceIsA404Problem() {
    admin()
        .get("/api/v1/appliances/00000000-0000-0000-0000-000000000000")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("does not exist"));
  }

  @Test
  void unknownPathIsA404Problem() {
    admin()
        .get("/api/v1/no-such-thing")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void malformedDigestIsA400Problem() {
    admin()
        .contentType(ContentType.BINARY)
        .body(new byte[] {1, 2, 3})
        .put("/api/v1/blobs/md5:abc")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("digest"));
  }

  @Test
  void uploadWhoseBytesDoNotMatchTheDigestIsRefusedAndNotStored() {
    String claimed = "sha256:" + "ab".repeat(32);
    admin()
        .contentType(ContentType.BINARY)
        .body(new byte[] {1, 2, 3})
        .put("/api/v1/blobs/" + claimed)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("do not hash"));
    admin().get("/api/v1/blobs/" + claimed).then().statusCode(404);
  }
}
