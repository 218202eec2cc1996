package dev.hangar.marketplace;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Calls the REST API as the test profile's admin or as users the tests create. */
public final class TestApi {
  /** The admin token of the test profile ({@code %test.hangar.auth.admin-token}). */
  public static final String ADMIN_TOKEN = "hgr_test-admin-token-for-the-test-profile-only";

  private TestApi() {}

  public static RequestSpecification admin() {
    return as(ADMIN_TOKEN);
  }

  public static RequestSpecification as(String token) {
    return token == null ? given() : given().header("Authorization", "Bearer " + token);
  }

  /** A fresh name, so tests sharing one database do not collide. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static void createPublisher(String name) {
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name))
        .post("/api/v1/publishers")
        .then()
        .statusCode(201);
  }

  /** Creates publisher {@code name} unless an earlier test class of the same run already did. */
  public static void ensurePublisher(String name) {
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name))
        .post("/api/v1/publishers")
        .then()
        .statusCode(org.hamcrest.Matchers.oneOf(201, 409));
  }

  /** A user the tests created and its API token. */
  public record User(String name, String token) {}

  /** Creates a user with {@code role} (acting for {@code publisher} if not null); its token. */
  public static String userToken(String role, String publisher) {
    return user(role, publisher).token();
  }

  /** Creates a user with {@code role} (acting for {@code publisher} if not null). */
  public static User user(String role, String publisher) {
    String name = unique(role);
    Map<String, Object> body =
        new java.util.HashMap<>(Map.of("name", name, "role", role.toUpperCase()));
    if (publisher != null) {
      body.put("publisher", publisher);
    }
    admin().contentType(ContentType.JSON).body(body).post("/api/v1/users").then().statusCode(201);
    String token =
        admin()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "test"))
            .post("/api/v1/users/" + name + "/tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    return new User(name, token);
  }

  /** Creates a publisher and a publisher user of it; returns that user's token. */
  public static String publisherToken(String publisher) {
    createPublisher(publisher);
    return userToken("publisher", publisher);
  }

  public static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  public static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A version body naming the given kernel, initrd and root contents. */
  public static Map<String, Object> versionBody(
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
        List.of(
            Map.of(
                "label", "root",
                "role", "root",
                "kind", "COPY_ON_WRITE",
                "filesystem", "ext4",
                "sizeBytes", root.length,
                "digest", digest(root))));
    return body;
  }

  /**
   * Creates an appliance with one published version whose files are the three given byte arrays;
   * returns the appliance id.
   */
  public static String publishedAppliance(
      String token,
      String publisher,
      Map<String, Object> extra,
      byte[] kernel,
      byte[] initrd,
      byte[] root) {
    Map<String, Object> body =
        new java.util.HashMap<>(
            Map.of("publisher", publisher, "name", unique("app"), "summary", "test appliance"));
    body.putAll(extra);
    String id =
        as(token)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(token)
        .contentType(ContentType.JSON)
        .body(versionBody("1.0.0", kernel, initrd, root))
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(201);
    uploadBlobs(token, kernel, initrd, root);
    as(token).post("/api/v1/appliances/" + id + "/versions/1.0.0/publish").then().statusCode(200);
    return id;
  }

  /** Uploads each of {@code files} under its digest as {@code token}; already stored is fine. */
  public static void uploadBlobs(String token, byte[]... files) {
    for (byte[] file : files) {
      as(token)
          .contentType(ContentType.BINARY)
          .body(file)
          .put("/api/v1/blobs/" + digest(file))
          .then()
          .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }
  }
}
