package dev.hangar.marketplace.context;

import static dev.hangar.marketplace.TestApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.TestApi;
import dev.hangar.marketplace.deployment.DeploymentRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deployment groups through the REST API: validation, all-or-nothing creation, destroy. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class DeploymentGroupTest {
  @Inject DeploymentRepository deployments;
  @Inject ContextRepositories.Members members;

  private String consumer;
  private String applianceId;

  @BeforeEach
  void appliance() {
    String publisher = TestApi.unique("group");
    String token = TestApi.publisherToken(publisher);
    applianceId =
        TestApi.publishedAppliance(
            token,
            publisher,
            Map.of(),
            TestApi.bytes("k" + publisher),
            TestApi.bytes("i" + publisher),
            TestApi.bytes("r" + publisher));
    consumer = TestApi.userToken("consumer", null);
  }

  @Test
  void aRequirementOfAnUnknownRoleIsA400NamingTheRole() {
    long before = deploymentCount();
    as(consumer)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "name",
                "bad",
                "roles",
                List.of(
                    Map.of("name", "head", "applianceId", applianceId),
                    Map.of(
                        "name", "worker", "applianceId", applianceId, "requires", List.of("db")))))
        .post("/api/v1/deployment-groups")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("roles[1].requires"));
    assertEquals(before, deploymentCount());
  }

  @Test
  void aBadParameterOfALaterRoleLeavesNoDeploymentOfTheEarlierOnes() {
    long before = deploymentCount();
    as(consumer)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "name",
                "half",
                "roles",
                List.of(
                    Map.of("name", "head", "applianceId", applianceId, "count", 2),
                    Map.of(
                        "name",
                        "worker",
                        "applianceId",
                        applianceId,
                        "parameters",
                        Map.of("not-a-name", "x")))))
        .post("/api/v1/deployment-groups")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("roles[1].parameters.not-a-name"));
    assertEquals(before, deploymentCount());
    as(consumer)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "name",
                "zero",
                "roles",
                List.of(Map.of("name", "w", "applianceId", applianceId, "count", 0))))
        .post("/api/v1/deployment-groups")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("roles[0].count"));
  }

  @Test
  void aGroupIsOneDeploymentPerVmNamedAfterItsRoleEachIssuedATokenRevokedAtDestroy()
      throws InterruptedException {
    JsonPath group =
        as(consumer)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "name",
                    "cluster",
                    "roles",
                    List.of(
                        Map.of(
                            "name",
                            "head",
                            "applianceId",
                            applianceId,
                            "requires",
                            List.of("worker")),
                        Map.of(
                            "name",
                            "worker",
                            "applianceId",
                            applianceId,
                            "count",
                            2,
                            "requires",
                            List.of("head", "worker")))))
            .post("/api/v1/deployment-groups")
            .then()
            .statusCode(202)
            .body("roles.count", equalTo(List.of(1, 2)))
            .body("members.hostname", equalTo(List.of("head", "worker-1", "worker-2")))
            .body("members.role", equalTo(List.of("head", "worker", "worker")))
            .extract()
            .jsonPath();
    String id = group.getString("id");
    List<String> vms = group.getList("members.deployment");
    for (int i = 0; i < vms.size(); i++) {
      as(consumer)
          .get("/api/v1/deployments/" + vms.get(i))
          .then()
          .statusCode(200)
          .body("hostname", equalTo(group.getList("members.hostname").get(i)));
    }
    // The test appliance does not boot: each deployment is staged, gets its token, fails to start.
    for (String vm : vms) {
      await(vm, "FAILED");
      assertNotNull(tokenHash(vm), "the runner issued a NoCloud-net token for " + vm);
    }

    as(consumer).delete("/api/v1/deployment-groups/" + id).then().statusCode(202);
    for (String vm : vms) {
      assertNull(tokenHash(vm), "destroy revoked the token of " + vm);
      await(vm, "DESTROYED");
    }
  }

  private String tokenHash(String deployment) {
    return QuarkusTransaction.requiringNew()
        .call(() -> members.findById(UUID.fromString(deployment)).tokenHash);
  }

  private void await(String deployment, String state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String now = null;
    while (System.nanoTime() < deadline) {
      now = as(consumer).get("/api/v1/deployments/" + deployment).then().extract().path("state");
      if (state.equals(now)) {
        return;
      }
      Thread.sleep(300);
    }
    assertEquals(state, now, "state of " + deployment);
  }

  private long deploymentCount() {
    return QuarkusTransaction.requiringNew().call(() -> deployments.count());
  }
}
