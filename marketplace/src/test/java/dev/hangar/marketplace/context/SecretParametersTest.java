package dev.hangar.marketplace.context;

import static dev.hangar.marketplace.TestApi.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.TestApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Secret context parameters are validated like the others, stored sealed, never shown by the API,
 * the audit log or the log file, and reach only the VM's seed.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class SecretParametersTest {
  private static final Map<String, Object> SCHEMA =
      Map.of(
          "type", "object",
          "required", List.of("DB_PASSWORD"),
          "properties",
              Map.of(
                  "DB_PASSWORD", Map.of("type", "string", "format", "password", "minLength", 12),
                  "API_TOKEN", Map.of("type", "string", "secret", true),
                  "PORT", Map.of("type", "integer", "minimum", 1, "maximum", 65535)));

  @Inject DataSource db;
  @Inject NoCloudTokens tokens;

  private String consumer;
  private String applianceId;

  @BeforeEach
  void applianceWithSecretParameters() {
    String publisher = TestApi.unique("secrets");
    String publisherToken = TestApi.publisherToken(publisher);
    applianceId = publishWithSchema(publisherToken, publisher);
    consumer = TestApi.userToken("consumer", null);
  }

  @Test
  void badValuesAreFieldLevel400sAndNothingIsStored() throws Exception {
    long before = count("deployment");
    as(consumer)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "applianceId",
                applianceId,
                "parameters",
                Map.of("DB_PASSWORD", "s3cr3t", "PORT", "99999")))
        .post("/api/v1/deployments")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", equalTo(List.of("parameters.DB_PASSWORD", "parameters.PORT")))
        .body("errors[0].message", equalTo("must be at least 12 characters long"))
        .body("detail", org.hamcrest.Matchers.not(containsString("s3cr3t")));
    as(consumer)
        .contentType(ContentType.JSON)
        .body(Map.of("applianceId", applianceId, "parameters", Map.of("PORT", "80")))
        .post("/api/v1/deployments")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("parameters.DB_PASSWORD"))
        .body("errors[0].message", equalTo("is required"));
    assertEquals(before, count("deployment"));
  }

  @Test
  void secretsAreSealedAtRestHiddenEverywhereAndOnlyInTheSeed() throws Exception {
    String password = "pw-" + UUID.randomUUID();
    String apiToken = "tok-" + UUID.randomUUID();
    String id =
        as(consumer)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "applianceId",
                    applianceId,
                    "parameters",
                    Map.of("DB_PASSWORD", password, "API_TOKEN", apiToken, "PORT", "5432")))
            .post("/api/v1/deployments")
            .then()
            .statusCode(202)
            .body(org.hamcrest.Matchers.not(containsString(password)))
            .extract()
            .path("id");
    // The test appliance's kernel is not bootable: the runner builds the seed, stages, fails to
    // boot. Wait for that, so its token does not replace the one issued below.
    String state = awaitEnd(id);
    assertEquals("FAILED", state);

    String serial = tokens.issueSmbiosSerial(UUID.fromString(id));
    String token = serial.substring(serial.indexOf("hnc_"), serial.length() - 1);
    String userData =
        given()
            .get("/api/v1/nocloud/" + token + "/user-data")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertTrue(userData.contains("DB_PASSWORD=" + password), "the seed carries the secret");
    assertTrue(userData.contains("API_TOKEN=" + apiToken));
    assertTrue(userData.contains("PORT=5432"));

    String sealed = column("select sealed_parameters from deployment where id = '" + id + "'");
    assertTrue(sealed.startsWith("v1:"), "sealed with SecretCipher");
    assertEquals(
        "{\"PORT\":\"5432\"}", column("select parameters from deployment where id = '" + id + "'"));
    for (String secret : List.of(password, apiToken)) {
      as(consumer)
          .get("/api/v1/deployments/" + id)
          .then()
          .body(org.hamcrest.Matchers.not(containsString(secret)));
      as(consumer)
          .get("/api/v1/deployments")
          .then()
          .body(org.hamcrest.Matchers.not(containsString(secret)));
      TestApi.admin()
          .get("/api/v1/audit?limit=1000")
          .then()
          .statusCode(200)
          .body(org.hamcrest.Matchers.not(containsString(secret)));
      List<String> rows = rowsContaining(secret);
      assertTrue(rows.isEmpty(), "database rows holding the secret: " + rows);
      String log = Files.readString(Path.of("target/quarkus-test.log"));
      assertFalse(log.isEmpty(), "the log file is written");
      assertFalse(log.contains(secret), "the log holds the secret");
    }
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(Path.of("target/context-secret.key"))));
  }

  private String awaitEnd(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String state = null;
    while (System.nanoTime() < deadline) {
      state = as(consumer).get("/api/v1/deployments/" + id).then().extract().path("state");
      if (state.equals("FAILED") || state.equals("READY")) {
        return state;
      }
      Thread.sleep(300);
    }
    return state;
  }

  /** Every row of every table in the schema whose text contains {@code needle}. */
  private List<String> rowsContaining(String needle) throws Exception {
    List<String> hits = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet t =
          s.executeQuery(
              "select table_name from information_schema.tables where table_schema = current_schema()")) {
        while (t.next()) {
          tables.add(t.getString(1));
        }
      }
      assertTrue(
          tables.contains("deployment") && tables.contains("context_member"), tables.toString());
      for (String table : tables) {
        try (ResultSet rows = s.executeQuery("select * from \"" + table + "\"")) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int i = 1; i <= columns; i++) {
              String value = rows.getString(i);
              if (value != null && value.contains(needle)) {
                hits.add(table + "." + rows.getMetaData().getColumnName(i));
              }
            }
          }
        }
      }
    }
    return hits;
  }

  private long count(String table) throws Exception {
    return Long.parseLong(column("select count(*) from " + table));
  }

  private String column(String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  private static String publishWithSchema(String token, String publisher) {
    byte[] kernel = TestApi.bytes("k" + publisher);
    byte[] initrd = TestApi.bytes("i" + publisher);
    byte[] root = TestApi.bytes("r" + publisher);
    String id =
        as(token)
            .contentType(ContentType.JSON)
            .body(
                Map.of("publisher", publisher, "name", TestApi.unique("db"), "summary", "secrets"))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Map<String, Object> version = new HashMap<>(TestApi.versionBody("1.0.0", kernel, initrd, root));
    version.put("contextSchema", SCHEMA);
    as(token)
        .contentType(ContentType.JSON)
        .body(version)
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(201);
    TestApi.uploadBlobs(token, kernel, initrd, root);
    as(token).post("/api/v1/appliances/" + id + "/versions/1.0.0/publish").then().statusCode(200);
    return id;
  }
}
