package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static dev.hangar.marketplace.TestApi.digest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Visibility × role × action: who may list, get, download, deploy, update and delete a public, a
 * private and a shared appliance. Invisible content answers as if it did not exist.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class AuthorizationMatrixTest {
  private static final List<String> CALLERS =
      List.of(
          "anonymous",
          "consumer",
          "other-publisher",
          "shared-publisher",
          "owner",
          "operator",
          "admin");

  @Test
  void everyCallerGetsExactlyWhatItsRoleAndTheVisibilityAllow() {
    String owner = TestApi.unique("owner");
    String other = TestApi.unique("other");
    String shared = TestApi.unique("shared");
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("anonymous", null);
    tokens.put("consumer", TestApi.userToken("consumer", null));
    tokens.put("other-publisher", TestApi.publisherToken(other));
    tokens.put("shared-publisher", TestApi.publisherToken(shared));
    tokens.put("owner", TestApi.publisherToken(owner));
    tokens.put("operator", TestApi.userToken("operator", null));
    tokens.put("admin", TestApi.ADMIN_TOKEN);

    List<String> mismatches = new ArrayList<>();
    for (String visibility : List.of("PUBLIC", "PRIVATE", "SHARED")) {
      byte[] kernel = TestApi.bytes("k-" + visibility + System.nanoTime());
      byte[] initrd = TestApi.bytes("i-" + visibility + System.nanoTime());
      byte[] root = TestApi.bytes("r-" + visibility + System.nanoTime());
      Map<String, Object> extra = new LinkedHashMap<>(Map.of("visibility", visibility));
      if (visibility.equals("SHARED")) {
        extra.put("sharedWith", List.of(shared));
      }
      String id =
          TestApi.publishedAppliance(tokens.get("owner"), owner, extra, kernel, initrd, root);
      Set<String> sees =
          switch (visibility) {
            case "PUBLIC" -> Set.copyOf(CALLERS);
            case "PRIVATE" -> Set.of("owner", "operator", "admin");
            default -> Set.of("owner", "shared-publisher", "operator", "admin");
          };
      for (String caller : CALLERS) {
        String token = tokens.get(caller);
        boolean visible = sees.contains(caller);
        String cell = visibility + " × " + caller + " × ";

        boolean listed =
            as(token)
                .get("/api/v1/appliances")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id")
                .contains(id);
        check(mismatches, cell + "list", visible, listed);
        check(
            mismatches,
            cell + "get",
            visible ? 200 : 404,
            as(token).get("/api/v1/appliances/" + id).statusCode());
        check(
            mismatches,
            cell + "download",
            visible ? 200 : 404,
            as(token).get("/api/v1/blobs/" + digest(root)).statusCode());

        int deploy =
            as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("applianceId", id))
                .post("/api/v1/deployments?dryRun=true")
                .statusCode();
        check(mismatches, cell + "deploy", token == null ? 401 : visible ? 200 : 400, deploy);

        int update = update(token, id);
        check(mismatches, cell + "update", expectedChange(caller, visible, 200), update);
        if (!caller.equals("owner") && !caller.equals("admin")) {
          int delete = as(token).delete("/api/v1/appliances/" + id).statusCode();
          check(mismatches, cell + "delete", expectedChange(caller, visible, 204), delete);
        }
      }
      check(
          mismatches,
          visibility + " × owner × delete",
          204,
          as(tokens.get("owner")).delete("/api/v1/appliances/" + id).statusCode());
      String again =
          TestApi.publishedAppliance(tokens.get("owner"), owner, extra, kernel, initrd, root);
      check(
          mismatches,
          visibility + " × admin × delete",
          204,
          as(TestApi.ADMIN_TOKEN).delete("/api/v1/appliances/" + again).statusCode());
    }
    assertEquals(List.of(), mismatches, "cells that differ from the policy");
  }

  /** Changes need the publisher or admin role (else 401/403), and visibility (else 404). */
  private static int expectedChange(String caller, boolean visible, int success) {
    return switch (caller) {
      case "anonymous" -> 401;
      case "consumer", "operator" -> 403;
      case "owner", "admin" -> success;
      default -> visible ? 403 : 404;
    };
  }

  private static int update(String token, String id) {
    String etag =
        as(TestApi.ADMIN_TOKEN).get("/api/v1/appliances/" + id).then().extract().header("ETag");
    Map<String, Object> current =
        as(TestApi.ADMIN_TOKEN)
            .get("/api/v1/appliances/" + id)
            .then()
            .extract()
            .jsonPath()
            .getMap("$");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("summary", "updated");
    body.put("visibility", current.get("visibility"));
    body.put("sharedWith", current.get("sharedWith"));
    return as(token)
        .header("If-Match", etag)
        .contentType(ContentType.JSON)
        .body(body)
        .put("/api/v1/appliances/" + id)
        .statusCode();
  }

  private static void check(List<String> mismatches, String cell, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      mismatches.add(cell + ": expected " + expected + ", got " + actual);
    }
  }
}
