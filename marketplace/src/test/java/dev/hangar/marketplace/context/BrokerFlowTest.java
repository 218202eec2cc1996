package dev.hangar.marketplace.context;

import static dev.hangar.marketplace.TestApi.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.TestApi;
import dev.hangar.marketplace.account.AccountRepositories;
import dev.hangar.marketplace.appliance.VersionRepository;
import dev.hangar.marketplace.deployment.Deployment;
import dev.hangar.marketplace.deployment.DeploymentRepository;
import dev.hangar.marketplace.deployment.DeploymentState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The context broker over REST with two simulated VMs, a {@code head} and a {@code worker} that
 * require each other. The VMs are this test speaking HTTP with the tokens the service issues; their
 * deployments are recorded as BOOTING, as the runner leaves them while a guest comes up.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class BrokerFlowTest {
  private static final Pattern SERIAL =
      Pattern.compile(
          "ds=nocloud-net;s=http://10\\.0\\.2\\.2:(\\d+)/api/v1/nocloud/(hnc_[A-Za-z0-9_-]{43})/");
  private static final String HEAD_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPnqtCwCPc5Se+3Mi8YTdDODT07lceDTsuJyEsPIdpcD root@head";

  @TestHTTPResource("/")
  URI base;

  @Inject NoCloudTokens tokens;
  @Inject DeploymentRepository deployments;
  @Inject VersionRepository versions;
  @Inject ContextRepositories.Groups groups;
  @Inject ContextRepositories.Members members;
  @Inject AccountRepositories.Users users;

  private TestApi.User owner;
  private Vm head;
  private Vm worker;

  /** A simulated VM: its deployment, its SMBIOS serial and the token in it. */
  record Vm(UUID deployment, String instanceId, String serial, String token) {
    String path(String endpoint) {
      return "/api/v1/nocloud/" + token + "/" + endpoint;
    }
  }

  @BeforeEach
  void twoVmsBooting() {
    String publisher = TestApi.unique("broker");
    String publisherToken = TestApi.publisherToken(publisher);
    UUID applianceId =
        UUID.fromString(
            TestApi.publishedAppliance(
                publisherToken,
                publisher,
                Map.of(),
                TestApi.bytes("k" + publisher),
                TestApi.bytes("i" + publisher),
                TestApi.bytes("r" + publisher)));
    owner = TestApi.user("consumer", null);
    UUID groupId =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ContextGroup g = new ContextGroup();
                  g.id = UUID.randomUUID();
                  g.name = "pair";
                  g.roles =
                      "[{\"name\":\"head\",\"count\":1,\"requires\":[\"worker\"]},"
                          + "{\"name\":\"worker\",\"count\":1,\"requires\":[\"head\"]}]";
                  g.owner = users.find("name", owner.name()).firstResult();
                  g.createdAt = OffsetDateTime.now();
                  groups.persist(g);
                  return g.id;
                });
    head = vm(applianceId, groupId, "head");
    worker = vm(applianceId, groupId, "worker");
  }

  private Vm vm(UUID applianceId, UUID groupId, String role) {
    String instanceId =
        "i-" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 8);
    UUID id =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Deployment d = new Deployment();
                  d.id = UUID.randomUUID();
                  d.version = versions.find(applianceId, "1.0.0").orElseThrow();
                  d.instanceId = instanceId;
                  d.hostname = role;
                  d.parameters = "{}";
                  d.state = DeploymentState.BOOTING;
                  d.nodeUri = "qemu:///system";
                  d.domainName = "hangar-" + instanceId;
                  d.message = "domain started, waiting for the guest";
                  d.owner = users.find("name", owner.name()).firstResult();
                  d.createdAt = d.updatedAt = OffsetDateTime.now();
                  deployments.persist(d);
                  ContextMember m = new ContextMember();
                  m.deploymentId = d.id;
                  m.group = groups.findById(groupId);
                  m.role = role;
                  m.hostname = role;
                  members.persist(m);
                  return d.id;
                });
    // What the runner does when it brings the VM up: issue the token for its SMBIOS serial.
    Matcher serial = SERIAL.matcher(tokens.issueSmbiosSerial(id));
    assertTrue(serial.matches(), "serial points at this service as the guest sees it");
    assertEquals(base.getPort(), Integer.parseInt(serial.group(1)));
    return new Vm(id, instanceId, serial.group(0), serial.group(2));
  }

  @Test
  void seedDocumentsAreServedToTheTokensVmOnly() {
    given()
        .get(head.path("meta-data"))
        .then()
        .statusCode(200)
        .body(containsString("instance-id: " + head.instanceId()))
        .body(containsString("local-hostname: head"))
        .body(not(containsString(worker.instanceId())));
    given()
        .get(head.path("user-data"))
        .then()
        .statusCode(200)
        .body(containsString("#cloud-config"))
        .body(containsString("hostname: head"));
    given().get(head.path("vendor-data")).then().statusCode(200).body(equalTo(""));
    given().get(head.path("network-config")).then().statusCode(404);
    given()
        .get(worker.path("meta-data"))
        .then()
        .statusCode(200)
        .body(containsString("instance-id: " + worker.instanceId()))
        .body(not(containsString(head.instanceId())));
  }

  /**
   * Debian's cloud-init (the code a real image runs) parses the serial as its NoCloud-net
   * datasource does and reads the seed through its own reader; only the host differs, since the
   * test is not a guest behind 10.0.2.2.
   */
  @Test
  void cloudInitFindsTheSeedUrlInTheSerialAndReadsTheSeed() throws Exception {
    String script =
        String.join(
            "\n",
            "import sys",
            "from cloudinit import util",
            "from cloudinit.sources.DataSourceNoCloud import load_cmdline_data",
            "fill = {}",
            "assert load_cmdline_data(fill, sys.argv[1]), 'not a NoCloud serial'",
            "print(fill['dsmode'])",
            "seed = fill['seedfrom'].replace('//10.0.2.2:', '//127.0.0.1:')",
            "md, ud, vd = util.read_seeded(seed, timeout=10, retries=0)",
            "print(md['instance-id'], md['local-hostname'])",
            "print(ud.decode().splitlines()[0])",
            "print(repr(vd))");
    Process python =
        new ProcessBuilder("/usr/bin/python3", "-c", script, head.serial())
            .redirectErrorStream(true)
            .start();
    String out = new String(python.getInputStream().readAllBytes());
    assertTrue(python.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, python.exitValue(), out);
    assertEquals(
        List.of("net", head.instanceId() + " head", "#cloud-config", "b''"),
        out.lines().filter(l -> !l.isBlank()).toList(),
        out);
  }

  @Test
  void contextIs503UntilEveryRequiredRoleProvidedThenHoldsPeersAndRoles() {
    Response waiting = given().get(head.path("context"));
    assertEquals(503, waiting.statusCode());
    assertEquals("2", waiting.header("Retry-After"));
    assertEquals("application/problem+json", waiting.contentType());
    assertTrue(waiting.jsonPath().getString("detail").contains("waiting for 1 VM"));

    given()
        .body("address=10.0.2.15\nssh-host-key=" + HEAD_KEY + "\n")
        .post(head.path("provide"))
        .then()
        .statusCode(204);
    // The head requires the worker, which has not provided: still waiting. The worker only
    // requires the head: its context is complete.
    given().get(head.path("context")).then().statusCode(503);
    String workerContext =
        given().get(worker.path("context")).then().statusCode(200).extract().asString();
    assertEquals(
        "peer.head.address=10.0.2.15\n"
            + "peer.head.role=head\n"
            + "peer.head.ssh-host-key="
            + HEAD_KEY
            + "\n"
            + "role.head.address=10.0.2.15\n"
            + "role.head.hosts=head\n"
            + "role.head.ssh-host-key="
            + HEAD_KEY
            + "\n"
            + "self.hostname=worker\n"
            + "self.role=worker\n",
        workerContext);

    given()
        .body("address=10.0.2.16\nservice.port=7000")
        .post(worker.path("provide"))
        .then()
        .statusCode(204);
    String headContext =
        given().get(head.path("context")).then().statusCode(200).extract().asString();
    assertTrue(headContext.contains("peer.worker.address=10.0.2.16\n"), headContext);
    assertTrue(headContext.contains("role.worker.service.port=7000\n"), headContext);
    assertTrue(headContext.contains("self.hostname=head\n"), headContext);
    assertFalse(headContext.contains("peer.head."), "the head does not require its own role");
  }

  @Test
  void readyAndFailedReportsSettleTheBootingDeployments() {
    given().post(head.path("ready")).then().statusCode(204);
    given().body("disk /dev/vdb is full\n").post(worker.path("failed")).then().statusCode(204);

    as(owner.token())
        .get("/api/v1/deployments/" + head.deployment())
        .then()
        .statusCode(200)
        .body("state", equalTo("READY"))
        .body("message", containsString("context broker"));
    as(owner.token())
        .get("/api/v1/deployments/" + worker.deployment())
        .then()
        .body("state", equalTo("FAILED"))
        .body("message", equalTo("guest reported failure: disk /dev/vdb is full"));
    // Repeating READY is harmless; a FAILED deployment cannot become READY.
    given().post(head.path("ready")).then().statusCode(204);
    given()
        .post(worker.path("ready"))
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void theGroupShowsRolesMembersTheirDataAndReports() {
    given().body("address=10.0.2.15").post(head.path("provide")).then().statusCode(204);
    given().body("no space left").post(worker.path("failed")).then().statusCode(204);
    UUID group =
        QuarkusTransaction.requiringNew().call(() -> members.findById(head.deployment()).group.id);

    as(owner.token())
        .get("/api/v1/deployment-groups/" + group)
        .then()
        .statusCode(200)
        .body("roles.name", equalTo(List.of("head", "worker")))
        .body("members.hostname", equalTo(List.of("head", "worker")))
        .body("members[0].provided.address", equalTo("10.0.2.15"))
        .body("members[1].reported", equalTo("FAILED"))
        .body("members[1].reason", equalTo("no space left"))
        .body("members[1].state", equalTo("FAILED"));
    String stranger = TestApi.userToken("consumer", null);
    as(stranger).get("/api/v1/deployment-groups/" + group).then().statusCode(404);
  }

  @Test
  void badProvidedLinesAre400sNamingTheKeyAndStoreNothing() {
    given()
        .body("address=10.0.2.15\nhostname=evil\n")
        .post(head.path("provide"))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("hostname"));
    given()
        .body("address=10.0.2.15\nNot A Key\n")
        .post(head.path("provide"))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("line 2"));
    // A host key must be one key line of an accepted type; the problem says which form is wanted.
    given()
        .body("address=10.0.2.15\nssh-host-key=ssh-ed25519 not-a-key\n")
        .post(head.path("provide"))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("ssh-host-key"))
        .body("errors[0].message", containsString("ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa"));
    given().body("x=" + "y".repeat(70_000)).post(head.path("provide")).then().statusCode(413);
    assertEquals(
        null,
        QuarkusTransaction.requiringNew().call(() -> members.findById(head.deployment()).provided));
  }

  @Test
  void unknownMalformedAndRevokedTokensAllGetTheSameBare404() {
    String unknown = "hnc_" + "A".repeat(43);
    Response forUnknown = given().get("/api/v1/nocloud/" + unknown + "/user-data");
    Response forMalformed = given().get("/api/v1/nocloud/..%2F" + "/user-data");
    assertEquals(404, forUnknown.statusCode());
    assertEquals("application/problem+json", forUnknown.contentType());
    assertEquals(404, forMalformed.statusCode());

    as(owner.token()).delete("/api/v1/deployments/" + worker.deployment()).then().statusCode(202);

    for (String endpoint : List.of("meta-data", "user-data", "vendor-data", "context")) {
      Response revoked = given().get(worker.path(endpoint));
      assertEquals(404, revoked.statusCode(), endpoint);
      assertEquals(
          forUnknown.jsonPath().getString("detail"), revoked.jsonPath().getString("detail"));
      assertEquals(forUnknown.jsonPath().getString("title"), revoked.jsonPath().getString("title"));
    }
    given().body("address=1.2.3.4").post(worker.path("provide")).then().statusCode(404);
    given().post(worker.path("ready")).then().statusCode(404);
    // The head's token is unaffected by its peer's destruction.
    given().get(head.path("meta-data")).then().statusCode(200);
    awaitState(worker.deployment(), "DESTROYED", Duration.ofSeconds(60));
  }

  private void awaitState(UUID id, String wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String state = null;
    while (System.nanoTime() < deadline) {
      state = as(owner.token()).get("/api/v1/deployments/" + id).then().extract().path("state");
      if (wanted.equals(state)) {
        return;
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertEquals(wanted, state);
  }
}
