package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.builder.image.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publish progress as server-sent events: import and publish steps, live and replayed. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ProgressTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final byte[] kernel = TestApi.bytes("kernel " + System.nanoTime());
  private final byte[] initrd = TestApi.bytes("initrd " + System.nanoTime());

  private String draft(String token, String publisher) {
    String id =
        as(token)
            .contentType(ContentType.JSON)
            .body(Map.of("publisher", publisher, "name", "sse", "summary", "progress"))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Map<String, Object> version =
        new HashMap<>(TestApi.versionBody("1.0.0", kernel, initrd, new byte[1]));
    version.put("partitions", List.of());
    as(token)
        .contentType(ContentType.JSON)
        .body(version)
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(201);
    return id;
  }

  private static CompletableFuture<HttpResponse<String>> watch(String token, String id) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + RestAssured.port
                        + "/api/v1/appliances/"
                        + id
                        + "/versions/1.0.0/progress"))
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + token)
            .build();
    return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON of each {@code data:} line of an event stream. */
  private static List<JsonNode> events(HttpResponse<String> response) throws Exception {
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<JsonNode> events = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (line.startsWith("data:")) {
        events.add(JSON.readTree(line.substring(5).trim()));
      }
    }
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i + 1, events.get(i).path("seq").asInt(), "events in order, none lost");
    }
    return events;
  }

  private static List<String> phases(List<JsonNode> events) {
    return events.stream().map(e -> e.path("phase").asText()).distinct().toList();
  }

  @Test
  void importAndPublishStepsStreamLiveAndReplayUntilTheTerminalEvent() throws Exception {
    String publisher = TestApi.unique("sse");
    String token = TestApi.publisherToken(publisher);
    String id = draft(token, publisher);
    Path image = TestImages.randomRaw(dir.resolve("disk.img"), 3 << 20, 7);

    // Watching before the import starts: the stream carries its steps and ends with "done".
    CompletableFuture<HttpResponse<String>> live = watch(token, id);
    ImportTest.importImage(token, id, image, "raw").statusCode(200);
    List<JsonNode> events = events(live.get(60, TimeUnit.SECONDS));
    assertEquals(
        List.of("receive", "inspect", "convert", "store", "record", "done"), phases(events));
    JsonNode received =
        events.stream()
            .filter(e -> e.path("phase").asText().equals("receive"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertEquals(3 << 20, received.path("bytes").asLong());
    JsonNode stored = events.stream().filter(e -> e.has("chunks")).findFirst().orElseThrow();
    assertEquals(3 << 20, stored.path("bytes").asLong());
    assertTrue(stored.path("chunks").asInt() >= 12, "3 MiB in chunks of at most 256 KiB");
    assertEquals("import", events.get(0).path("operation").asText());

    // Another publisher cannot follow a draft it cannot see.
    String stranger = TestApi.publisherToken(TestApi.unique("nosy"));
    assertEquals(404, watch(stranger, id).get(30, TimeUnit.SECONDS).statusCode());

    // A refused import ends its stream with "failed" naming the reason; replayed after the fact.
    ImportTest.importImage(token, id, image, "qcow2", "label", "again").statusCode(422);
    List<JsonNode> failed = events(watch(token, id).get(30, TimeUnit.SECONDS));
    JsonNode last = failed.get(failed.size() - 1);
    assertEquals("failed", last.path("phase").asText());
    assertTrue(last.path("detail").asText().contains("claimed QCOW2"), last.toString());

    // Publishing reports each file verified, then done.
    for (byte[] file : new byte[][] {kernel, initrd}) {
      as(token)
          .contentType(ContentType.BINARY)
          .body(file)
          .put("/api/v1/blobs/" + TestApi.digest(file))
          .then()
          .statusCode(201);
    }
    as(token).post("/api/v1/appliances/" + id + "/versions/1.0.0/publish").then().statusCode(200);
    List<JsonNode> publish = events(watch(token, id).get(30, TimeUnit.SECONDS));
    assertEquals(List.of("verify", "done"), phases(publish));
    assertEquals(
        List.of("kernel", "initrd", "partition disk"),
        publish.stream()
            .filter(e -> e.path("phase").asText().equals("verify"))
            .map(e -> e.path("detail").asText())
            .toList());
    JsonNode lastVerify = publish.get(publish.size() - 2);
    assertEquals(lastVerify.path("totalBytes").asLong(), lastVerify.path("bytes").asLong());
    // Published versions are public: anyone may follow them now.
    assertEquals(200, watch(stranger, id).get(30, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void chunkedUploadNamingItsDraftReportsOffersChunksAndTheVerifiedCommit() throws Exception {
    String publisher = TestApi.unique("ssechunks");
    String token = TestApi.publisherToken(publisher);
    String id = draft(token, publisher);
    byte[] data = new byte[1 << 20];
    new java.util.Random().nextBytes(data);
    var reader =
        new dev.hangar.store.FastCdcChunker(dev.hangar.store.ChunkerParams.defaults())
            .open(new java.io.ByteArrayInputStream(data));
    List<dev.hangar.store.ChunkRef> refs = new ArrayList<>();
    Map<String, byte[]> chunks = new java.util.LinkedHashMap<>();
    for (var c = reader.next(); c.isPresent(); c = reader.next()) {
      dev.hangar.store.Digest d = dev.hangar.store.Digest.of(c.get().data());
      refs.add(new dev.hangar.store.ChunkRef(c.get().offset(), c.get().length(), d, false));
      chunks.put(d.toString(), c.get().data());
    }
    String header = id + "/1.0.0";
    as(token)
        .header("Hangar-Version", header)
        .contentType(ContentType.JSON)
        .body(Map.of("chunks", List.copyOf(chunks.keySet())))
        .post("/api/v1/chunks/missing")
        .then()
        .statusCode(200);
    chunks.forEach(
        (digest, bytes) ->
            as(token)
                .header("Hangar-Version", header)
                .contentType(ContentType.BINARY)
                .body(bytes)
                .put("/api/v1/chunks/" + digest)
                .then()
                .statusCode(204));
    var manifest =
        new dev.hangar.store.PartitionManifest(dev.hangar.store.Digest.of(data), data.length, refs);
    as(token)
        .header("Hangar-Version", header)
        .contentType("application/vnd.hangar.partition.v1+json")
        .body(dev.hangar.store.ManifestCodec.toJson(manifest))
        .post("/api/v1/partitions")
        .then()
        .statusCode(201);
    // A header naming someone else's draft is refused before anything is stored.
    as(TestApi.publisherToken(TestApi.unique("other")))
        .header("Hangar-Version", header)
        .contentType(ContentType.JSON)
        .body(Map.of("chunks", List.copyOf(chunks.keySet())))
        .post("/api/v1/chunks/missing")
        .then()
        .statusCode(403);

    // The upload has no terminal event (the publish ends it), so read the replay up to the commit.
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + RestAssured.port
                        + "/api/v1/appliances/"
                        + id
                        + "/versions/1.0.0/progress"))
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + token)
            .build();
    List<JsonNode> events = new ArrayList<>();
    try (var lines =
        HttpClient.newHttpClient()
            .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
            .get(30, TimeUnit.SECONDS)
            .body()) {
      var it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (line.startsWith("data:")) {
          JsonNode e = JSON.readTree(line.substring(5).trim());
          events.add(e);
          if (e.path("phase").asText().equals("commit")) {
            break;
          }
        }
      }
    }
    assertEquals(List.of("offer", "chunk", "commit"), phases(events));
    assertEquals(
        chunks.size() + " of " + chunks.size() + " chunks missing",
        events.get(0).path("detail").asText());
    JsonNode lastChunk = events.get(events.size() - 2);
    assertEquals(data.length, lastChunk.path("bytes").asLong());
    assertEquals(chunks.size(), lastChunk.path("chunks").asInt());
    assertEquals(data.length, events.get(events.size() - 1).path("bytes").asLong());
  }
}
