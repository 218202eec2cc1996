package dev.hangar.marketplace.context;

import static dev.hangar.marketplace.LibvirtTests.virsh;
import static dev.hangar.marketplace.TestApi.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.builder.ApplianceBuilder;
import dev.hangar.builder.BuilderConfig;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.publish.PublishClient;
import dev.hangar.marketplace.LibvirtTests;
import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.TestApi;
import dev.hangar.store.trust.ApplianceManifest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version's standard components travel from the recipe into the version and its signed manifest,
 * and every deployment applies them to its seed: a parameter a component cannot use is refused when
 * the deploy is requested, and the data-node sample, deployed without parameters, gets its blank
 * partition formatted and mounted from the component's seed, on the ISO and over NoCloud-net.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ComponentsDeployTest {
  private static final Pattern SERIAL =
      Pattern.compile(
          "ds=nocloud-net;s=http://10\\.0\\.2\\.2:\\d+/api/v1/nocloud/([A-Za-z0-9_-]+)/");

  /** A public key a user gives with the deploy request (the private half was thrown away). */
  private static final String SSH_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHzjQEmMb/KQlrgHZajgO/BXvTgaUodhfF6mfLpoAkm8 alice@example";

  private static final String USER_DATA =
      """
      #cloud-config
      write_files:
        - path: /etc/hangar-note
          content: "from the caller\\n"
          permissions: '0600'
      runcmd:
        - 'echo "HANGAR-CHECK user-data note: $(cat /etc/hangar-note)"'
      """;

  @TestHTTPResource("/api/v1")
  URI api;

  @TempDir Path work;

  @Inject DataSource db;

  private String consumer;
  private String deployment;

  @AfterEach
  void destroy() throws InterruptedException {
    if (deployment != null) {
      as(consumer).delete("/api/v1/deployments/" + deployment);
      await(deployment, "DESTROYED", Duration.ofMinutes(1));
    }
  }

  @Test
  void componentsRoundTripIntoTheManifestAndUnknownOrRepeatedOnesAreRefused() {
    String publisher = TestApi.unique("comp");
    String token = TestApi.publisherToken(publisher);
    String id = appliance(token, publisher);
    byte[] root = TestApi.bytes("root " + publisher);

    Map<String, Object> unknown = version(root, List.of("hostname", "nfs"), null);
    post(token, id, unknown)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", equalTo(List.of("components[1]")))
        .body("errors[0].message", containsString("'nfs' is not a standard component"))
        .body("errors[0].message", containsString("mount-blankspace"));
    post(token, id, version(root, List.of("hostname", "hostname"), null))
        .then()
        .statusCode(400)
        .body("errors.field", equalTo(List.of("components[1]")));
    Map<String, Object> badDefault =
        version(
            root,
            List.of("hostname"),
            Map.of("properties", Map.of("PORT", Map.of("type", "integer", "default", "x"))));
    post(token, id, badDefault)
        .then()
        .statusCode(400)
        .body("errors.field", equalTo(List.of("contextSchema.properties.PORT.default")));
    as(token).get("/api/v1/appliances/" + id + "/versions/1.0.0").then().statusCode(404);

    post(token, id, version(root, List.of("mount-blankspace", "hostname"), null))
        .then()
        .statusCode(201)
        .body("components", equalTo(List.of("mount-blankspace", "hostname")));
    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0")
        .then()
        .statusCode(200)
        .body("components", equalTo(List.of("mount-blankspace", "hostname")));
    byte[] manifest =
        as(token)
            .get("/api/v1/appliances/" + id + "/versions/1.0.0/manifest")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    try {
      assertEquals(
          List.of("mount-blankspace", "hostname"), ApplianceManifest.parse(manifest).components());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aParameterAComponentCannotUseIsRefusedWhenTheDeployIsRequestedAndNothingIsStored()
      throws Exception {
    String publisher = TestApi.unique("comp");
    String token = TestApi.publisherToken(publisher);
    String id = appliance(token, publisher);
    byte[] kernel = TestApi.bytes("k" + publisher);
    byte[] initrd = TestApi.bytes("i" + publisher);
    byte[] root = TestApi.bytes("r" + publisher);
    Map<String, Object> body = new HashMap<>(TestApi.versionBody("1.0.0", kernel, initrd, root));
    body.put("components", List.of("mount-blankspace"));
    post(token, id, body).then().statusCode(201);
    TestApi.uploadBlobs(token, kernel, initrd, root);
    as(token).post("/api/v1/appliances/" + id + "/versions/1.0.0/publish").then().statusCode(200);
    consumer = TestApi.userToken("consumer", null);
    long before = deployments();

    deploy(id, Map.of(), false)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", equalTo(List.of("parameters.BLANKSPACES")))
        .body("errors[0].message", equalTo("is required by component mount-blankspace"));
    deploy(id, Map.of("BLANKSPACES", "/dev/vdb"), false)
        .then()
        .statusCode(400)
        .body("errors.field", equalTo(List.of("parameters.BLANKSPACES")))
        .body("errors[0].message", containsString("is not device:mountpoint[:filesystem]"));
    deploy(id, Map.of("BLANKSPACES", "/dev/vdb:/data"), List.of("not a key"), false)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", equalTo(List.of("sshAuthorizedKeys[0]")));
    deploy(
            id,
            Map.of("BLANKSPACES", "/dev/vdb:/data"),
            List.of(),
            "#cloud-config\npackages: [nginx]\n",
            false)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", equalTo(List.of("userData.packages")));
    // The mount-blankspace component mounts /data already.
    deploy(
            id,
            Map.of("BLANKSPACES", "/dev/vdb:/data"),
            List.of(),
            "#cloud-config\nmounts:\n  - [/dev/vdd, /data, ext4]\n",
            false)
        .then()
        .statusCode(400)
        .body("errors[0].field", containsString("userData.mounts"))
        .body("errors[0].message", containsString("components"));
    assertEquals(before, deployments(), "a refused deploy records nothing");

    deploy(id, Map.of("BLANKSPACES", "/dev/vdb:/data"), true)
        .then()
        .statusCode(200)
        .body("state", equalTo("PENDING"));
    assertEquals(before, deployments(), "a dry run records nothing");
  }

  @Test
  void dataNodeAppliesItsComponentsFromTheSchemaDefaultAndBootsToReady() throws Exception {
    BuiltAppliance built =
        new ApplianceBuilder(BuilderConfig.defaults())
            .build(Path.of("..", "samples", "data-node", "recipe.yaml"), work.resolve("data-node"));
    String publisher = TestApi.unique("datanode");
    PublishClient.Published published =
        new PublishClient(api, TestApi.publisherToken(publisher)).publish(publisher, built);
    consumer = TestApi.userToken("consumer", null);
    String id = published.applianceId().toString();
    as(consumer)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0")
        .then()
        .statusCode(200)
        .body("components", equalTo(List.of("hostname", "mount-blankspace")))
        .body("contextSchema.properties.BLANKSPACES.default", equalTo("/dev/vdc:/data:ext4"));

    // The schema's pattern keeps the blankspace on the data partition.
    deploy(id, Map.of("BLANKSPACES", "/dev/vdb:/data"), false)
        .then()
        .statusCode(400)
        .body("errors.field", equalTo(List.of("parameters.BLANKSPACES")));

    deployment =
        deploy(id, Map.of(), List.of(SSH_KEY), USER_DATA, false)
            .then()
            .statusCode(202)
            .body("$", not(hasKey("userData")))
            .extract()
            .path("id");
    JsonPath ready = await(deployment, "READY", Duration.ofMinutes(5));
    String domain = ready.getString("domain");
    String console = Files.readString(Path.of("/var/log/hangar/console", domain + "-serial.log"));
    assertTrue(console.contains("HANGAR-CHECK fs /dev/vdc formatted ext4 label=bs-vdc"), console);
    assertTrue(console.contains("HANGAR-CHECK mount /data /dev/vdc ext4"), console);
    // The key given with the deploy request is the default user's authorized key in the guest.
    assertTrue(
        Pattern.compile("HANGAR-CHECK user \\S+ keys=" + sha256(SSH_KEY + "\n"))
            .matcher(console)
            .find(),
        console);
    assertTrue(
        Pattern.compile(
                "HANGAR-CHECK data /data ext4 \\d+KiB first-boot=" + ready.getString("instanceId"))
            .matcher(console)
            .find(),
        console);
    // The caller's own user-data ran after the components: its file, then its command.
    assertTrue(
        console.contains(
            "HANGAR-CHECK file /etc/hangar-note sha256="
                + sha256("from the caller\n")
                + " mode=600"),
        console);
    assertTrue(console.contains("HANGAR-CHECK user-data note: from the caller"), console);

    // The NoCloud-net copy of the seed carries the same components' cloud-config.
    Matcher serial = SERIAL.matcher(virsh("dumpxml", domain));
    assertTrue(serial.find(), "the domain names its NoCloud-net seed");
    String userData =
        given()
            .get("/api/v1/nocloud/" + serial.group(1) + "/user-data")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertTrue(userData.startsWith("#cloud-config"), userData);
    assertTrue(userData.contains("fs_setup:"), userData);
    assertTrue(userData.contains("bs-vdc"), userData);
    assertTrue(userData.contains("/data"), userData);
    assertTrue(userData.contains("manage_etc_hosts: localhost"), userData);
    assertFalse(userData.contains("fqdn"), "no DOMAIN, no FQDN: " + userData);
    // (YAML may fold the comment onto a line of its own; the key itself is one token.)
    assertTrue(userData.contains("ssh_authorized_keys:"), userData);
    assertTrue(userData.contains(SSH_KEY.split(" ")[1]), userData);
  }

  private static String appliance(String token, String publisher) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("publisher", publisher, "name", TestApi.unique("app"), "summary", "comp"))
        .post("/api/v1/appliances")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static Map<String, Object> version(
      byte[] root, List<String> components, Map<String, Object> schema) {
    Map<String, Object> body =
        new HashMap<>(
            TestApi.versionBody("1.0.0", TestApi.bytes("kernel"), TestApi.bytes("initrd"), root));
    body.put("components", components);
    if (schema != null) {
      body.put("contextSchema", schema);
    }
    return body;
  }

  private static Response post(String token, String id, Map<String, Object> body) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/appliances/" + id + "/versions");
  }

  private Response deploy(String id, Map<String, String> parameters, boolean dryRun) {
    return deploy(id, parameters, List.of(), dryRun);
  }

  private Response deploy(
      String id, Map<String, String> parameters, List<String> sshKeys, boolean dryRun) {
    return deploy(id, parameters, sshKeys, null, dryRun);
  }

  private Response deploy(
      String id,
      Map<String, String> parameters,
      List<String> sshKeys,
      String userData,
      boolean dryRun) {
    Map<String, Object> body = new HashMap<>();
    body.put("applianceId", id);
    body.put("parameters", parameters);
    body.put("sshAuthorizedKeys", sshKeys);
    if (userData != null) {
      body.put("userData", userData);
    }
    return as(consumer)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/deployments" + (dryRun ? "?dryRun=true" : ""));
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private long deployments() throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select count(*) from deployment")) {
      r.next();
      return r.getLong(1);
    }
  }

  private JsonPath await(String id, String wanted, Duration timeout) throws InterruptedException {
    return LibvirtTests.awaitState(consumer, id, wanted, timeout);
  }
}
