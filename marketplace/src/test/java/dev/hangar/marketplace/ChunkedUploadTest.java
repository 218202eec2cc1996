package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Chunk;
import dev.hangar.store.ChunkRef;
import dev.hangar.store.ChunkerParams;
import dev.hangar.store.Digest;
import dev.hangar.store.FastCdcChunker;
import dev.hangar.store.ManifestCodec;
import dev.hangar.store.PartitionManifest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The have/need exchange over REST: only missing chunks travel, and an upload resumes. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ChunkedUploadTest {
  private static final String MANIFEST = "application/vnd.hangar.partition.v1+json";

  private record Local(PartitionManifest manifest, Map<String, byte[]> chunks) {}

  private static Local chunk(byte[] data) throws IOException {
    FastCdcChunker.Reader reader =
        new FastCdcChunker(ChunkerParams.defaults()).open(new ByteArrayInputStream(data));
    List<ChunkRef> refs = new ArrayList<>();
    Map<String, byte[]> chunks = new LinkedHashMap<>();
    for (Optional<Chunk> c = reader.next(); c.isPresent(); c = reader.next()) {
      Digest d = Digest.of(c.get().data());
      refs.add(new ChunkRef(c.get().offset(), c.get().length(), d, false));
      chunks.putIfAbsent(d.toString(), c.get().data());
    }
    return new Local(new PartitionManifest(Digest.of(data), data.length, refs), chunks);
  }

  private static List<String> missing(String token, Local local) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("chunks", List.copyOf(local.chunks().keySet())))
        .post("/api/v1/chunks/missing")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("missing", String.class);
  }

  private static void put(String token, Local local, String digest) {
    as(token)
        .contentType(ContentType.BINARY)
        .body(local.chunks().get(digest))
        .put("/api/v1/chunks/" + digest)
        .then()
        .statusCode(204);
  }

  @Test
  void secondVersionSendsOnlyChangedChunksAndAnInterruptedUploadResumes() throws IOException {
    String token = TestApi.publisherToken(TestApi.unique("chunks"));
    byte[] v1 = new byte[4 * 1024 * 1024];
    new Random().nextBytes(v1);
    Local first = chunk(v1);

    List<String> need = missing(token, first);
    assertEquals(first.chunks().size(), need.size(), "new content: every chunk is missing");
    // Send half, then "lose the connection": committing now names what is missing.
    need.subList(0, need.size() / 2).forEach(d -> put(token, first, d));
    byte[] manifest = ManifestCodec.toJson(first.manifest());
    as(token)
        .contentType(MANIFEST)
        .body(manifest)
        .post("/api/v1/partitions")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("not stored yet"));
    // Resume: offering again asks only for the rest.
    List<String> rest = missing(token, first);
    assertEquals(need.subList(need.size() / 2, need.size()), rest);
    rest.forEach(d -> put(token, first, d));
    as(token)
        .contentType(MANIFEST)
        .body(manifest)
        .post("/api/v1/partitions")
        .then()
        .statusCode(201);
    as(token)
        .contentType(MANIFEST)
        .body(manifest)
        .post("/api/v1/partitions")
        .then()
        .statusCode(200);

    byte[] v2 = v1.clone();
    for (int i = 0; i < 64; i++) {
      v2[2 * 1024 * 1024 + i] ^= 0x5a;
    }
    Local second = chunk(v2);
    List<String> changed = missing(token, second);
    assertTrue(
        changed.size() <= 2, "a 64-byte edit needs at most 2 new chunks, needed " + changed.size());
    changed.forEach(d -> put(token, second, d));
    as(token)
        .contentType(MANIFEST)
        .body(ManifestCodec.toJson(second.manifest()))
        .post("/api/v1/partitions")
        .then()
        .statusCode(201);
  }

  @Test
  void chunkWhoseBytesDoNotMatchItsDigestIsRefused() {
    String token = TestApi.publisherToken(TestApi.unique("badchunk"));
    as(token)
        .contentType(ContentType.BINARY)
        .body(new byte[] {1, 2, 3})
        .put("/api/v1/chunks/" + TestApi.digest(new byte[] {9}))
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void manifestThatIsNotJsonIsRefused() {
    String token = TestApi.publisherToken(TestApi.unique("badmanifest"));
    as(token)
        .contentType(MANIFEST)
        .body("{not json")
        .post("/api/v1/partitions")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }
}
