package dev.hangar.marketplace;

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
    given()
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
    given()
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
    given()
        .contentType(ContentType.JSON)
        .body("{\"applianceId\": \"not-a-uuid\"}")
        .post("/api/v1/deployments")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("applianceId"));
  }

  @Test
  void unknownApplianceIsA404Problem() {
    given()
        .get("/api/v1/appliances/00000000-0000-0000-0000-000000000000")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("does not exist"));
  }

  @Test
  void unknownPathIsA404Problem() {
    given()
        .get("/api/v1/no-such-thing")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void malformedDigestIsA400Problem() {
    given()
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
    given()
        .contentType(ContentType.BINARY)
        .body(new byte[] {1, 2, 3})
        .put("/api/v1/blobs/" + claimed)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("do not hash"));
    given().get("/api/v1/blobs/" + claimed).then().statusCode(404);
  }
}
