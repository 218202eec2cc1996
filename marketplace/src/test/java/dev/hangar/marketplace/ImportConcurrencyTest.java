package dev.hangar.marketplace;

import static dev.hangar.marketplace.ImportTest.importImage;
import static dev.hangar.marketplace.TestApi.as;
import static dev.hangar.marketplace.TestApi.digest;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports into one draft at the same time are serialised on the version row (never a 500, never two
 * partitions with one label or position), and an import with an Idempotency-Key runs once.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ImportConcurrencyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/")
  URI base;

  @TempDir Path dir;

  private String token;
  private String id;

  @BeforeEach
  void draft() {
    String publisher = TestApi.unique("conc");
    token = TestApi.publisherToken(publisher);
    id =
        as(token)
            .contentType(ContentType.JSON)
            .body(Map.of("publisher", publisher, "name", "img", "summary", "imported"))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Map<String, Object> version =
        new HashMap<>(
            TestApi.versionBody("1.0.0", TestApi.bytes("k"), TestApi.bytes("i"), new byte[1]));
    version.put("partitions", List.of());
    as(token)
        .contentType(ContentType.JSON)
        .body(version)
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(201);
  }

  /** A 1 MiB raw disk of zeros with {@code mark} written at 64 KiB, so each has its own digest. */
  private Path disk(String mark) throws Exception {
    byte[] bytes = new byte[1 << 20];
    byte[] m = mark.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(m, 0, bytes, 64 << 10, m.length);
    return Files.write(dir.resolve(mark + ".img"), bytes);
  }

  private record Answer(String label, Path image, int status, String body) {}

  @Test
  void concurrentImportsIntoOneDraftAnswer2xxOr409AndLeaveAConsistentVersion() throws Exception {
    // Three race for the default label "disk" (one may win), three add labels of their own.
    List<String> labels = List.of("disk", "disk", "disk", "own0", "own1", "own2");
    List<Path> images = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      images.add(disk("image " + i + " " + id));
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ExecutorService pool = Executors.newFixedThreadPool(labels.size());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Answer>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < labels.size(); i++) {
        String label = labels.get(i);
        Path image = images.get(i);
        HttpRequest request =
            HttpRequest.newBuilder(
                    base.resolve(
                        "api/v1/appliances/"
                            + id
                            + "/versions/1.0.0/import?format=raw&label="
                            + label))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofFile(image))
                .build();
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                  return new Answer(label, image, r.statusCode(), r.body());
                }));
      }
      start.countDown();
      List<Answer> answers = new ArrayList<>();
      for (Future<Answer> f : futures) {
        answers.add(f.get(5, TimeUnit.MINUTES));
      }

      Map<String, String> imported = new HashMap<>();
      for (Answer a : answers) {
        assertTrue(
            a.status() == 200 || a.status() == 409,
            "only 200 or 409, got " + a.status() + ": " + a.body());
        if (a.status() == 409) {
          JsonNode problem = JSON.readTree(a.body());
          assertEquals("label", problem.path("errors").path(0).path("field").asText(), a.body());
        } else {
          assertEquals(
              null, imported.put(a.label(), digest(Files.readAllBytes(a.image()))), a.label());
        }
      }
      assertEquals(
          1,
          answers.stream().filter(a -> a.label().equals("disk") && a.status() == 200).count(),
          "exactly one import gets the label 'disk': " + answers);
      assertEquals(4, imported.size(), "every import with a label of its own succeeds");

      JsonPath version =
          as(token)
              .get("/api/v1/appliances/" + id + "/versions/1.0.0")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      List<String> stored = version.getList("partitions.label", String.class);
      assertEquals(imported.keySet(), Set.copyOf(stored));
      assertEquals(imported.size(), stored.size(), "no label twice: " + stored);
      for (int i = 0; i < stored.size(); i++) {
        assertEquals(
            imported.get(stored.get(i)),
            version.getString("partitions[" + i + "].digest"),
            stored.get(i));
      }
      ImportTest.assertScratchEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sameIdempotencyKeyAndBodyImportsOnceAndAnswersTheSame() throws Exception {
    Path image = disk("idempotent " + id);
    String key = TestApi.unique("import");
    String first =
        as(token)
            .header("Idempotency-Key", key)
            .contentType(ContentType.BINARY)
            .queryParam("format", "raw")
            .body(image.toFile())
            .post("/api/v1/appliances/" + id + "/versions/1.0.0/import")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    String again =
        as(token)
            .header("Idempotency-Key", key)
            .contentType(ContentType.BINARY)
            .queryParam("format", "raw")
            .body(image.toFile())
            .post("/api/v1/appliances/" + id + "/versions/1.0.0/import")
            .then()
            .statusCode(200)
            .header("Idempotent-Replayed", "true")
            .extract()
            .asString();
    assertEquals(JSON.readTree(first), JSON.readTree(again));
    assertEquals(List.of("disk"), labels(), "the replay imported nothing");
    // Without the key the same request really runs again, and conflicts with the first import.
    importImage(token, id, image, "raw")
        .statusCode(409)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("label"));
    ImportTest.assertScratchEmpty();
  }

  @Test
  void sameIdempotencyKeyWithAnotherBodyOrOtherParametersIsRefused() throws Exception {
    String key = TestApi.unique("import");
    String path = "/api/v1/appliances/" + id + "/versions/1.0.0/import";
    as(token)
        .header("Idempotency-Key", key)
        .contentType(ContentType.BINARY)
        .queryParam("format", "raw")
        .body(disk("first " + id).toFile())
        .post(path)
        .then()
        .statusCode(200);
    as(token)
        .header("Idempotency-Key", key)
        .contentType(ContentType.BINARY)
        .queryParam("format", "raw")
        .queryParam("label", "other")
        .body(disk("second " + id).toFile())
        .post(path)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("detail", containsString("different request"));
    as(token)
        .header("Idempotency-Key", key)
        .contentType(ContentType.BINARY)
        .queryParam("format", "raw")
        .queryParam("label", "other")
        .body(disk("first " + id).toFile())
        .post(path)
        .then()
        .statusCode(422)
        .contentType("application/problem+json");
    assertEquals(List.of("disk"), labels(), "refused requests imported nothing");
    ImportTest.assertScratchEmpty();
  }

  private List<String> labels() {
    return as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("partitions.label", String.class);
  }
}
