package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static dev.hangar.marketplace.TestApi.digest;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ranged partition downloads: 206 with the exact bytes, 416 for bad ranges, 404 if not visible. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class RangeDownloadTest {
  private static final int SIZE = 3 * 1024 * 1024 + 17;

  private final byte[] root = new byte[SIZE];

  {
    new Random().nextBytes(root);
  }

  private byte[] ranged(String token, String range, int status, String contentRange) {
    return as(token)
        .header("Range", range)
        .get("/api/v1/blobs/" + digest(root))
        .then()
        .statusCode(status)
        .header("Content-Range", contentRange)
        .header("Accept-Ranges", "bytes")
        .extract()
        .asByteArray();
  }

  @Test
  void ownerReadsRangesOfAPrivatePartitionOthersSeeNothing() {
    String publisher = TestApi.unique("range");
    String token = TestApi.publisherToken(publisher);
    TestApi.publishedAppliance(
        token,
        publisher,
        Map.of("visibility", "PRIVATE"),
        TestApi.bytes("k" + System.nanoTime()),
        TestApi.bytes("i" + System.nanoTime()),
        root);

    // A range across chunk boundaries (chunks are 16-256 KiB), an open end and a suffix.
    assertArrayEquals(
        Arrays.copyOfRange(root, 100_000, 1_300_000),
        ranged(token, "bytes=100000-1299999", 206, "bytes 100000-1299999/" + SIZE));
    assertArrayEquals(
        Arrays.copyOfRange(root, SIZE - 1000, SIZE),
        ranged(
            token,
            "bytes=" + (SIZE - 1000) + "-",
            206,
            "bytes " + (SIZE - 1000) + "-" + (SIZE - 1) + "/" + SIZE));
    assertArrayEquals(
        Arrays.copyOfRange(root, SIZE - 10, SIZE),
        ranged(token, "bytes=-10", 206, "bytes " + (SIZE - 10) + "-" + (SIZE - 1) + "/" + SIZE));
    // A last byte past the end is cut at the end.
    assertArrayEquals(
        Arrays.copyOfRange(root, SIZE - 5, SIZE),
        ranged(
            token,
            "bytes=" + (SIZE - 5) + "-" + (SIZE + 100),
            206,
            "bytes " + (SIZE - 5) + "-" + (SIZE - 1) + "/" + SIZE));
    // No Range: the whole partition.
    assertArrayEquals(
        root,
        as(token)
            .get("/api/v1/blobs/" + digest(root))
            .then()
            .statusCode(200)
            .extract()
            .asByteArray());

    for (String bad :
        new String[] {
          "bytes=" + SIZE + "-", "bytes=5-2", "bytes=0-1,5-6", "items=0-1", "bytes=-0"
        }) {
      as(token)
          .header("Range", bad)
          .get("/api/v1/blobs/" + digest(root))
          .then()
          .statusCode(416)
          .contentType("application/problem+json")
          .header("Content-Range", "bytes */" + SIZE)
          .body("errors.field", hasItem("Range"));
    }

    // Private: other publishers, consumers and anonymous callers get 404, with or without Range.
    String stranger = TestApi.publisherToken(TestApi.unique("stranger"));
    String consumer = TestApi.userToken("consumer", null);
    for (String other : new String[] {stranger, consumer, null}) {
      as(other)
          .header("Range", "bytes=0-99")
          .get("/api/v1/blobs/" + digest(root))
          .then()
          .statusCode(404)
          .body("status", equalTo(404));
    }
    // The admin may read it.
    assertArrayEquals(
        Arrays.copyOfRange(root, 0, 100),
        ranged(TestApi.ADMIN_TOKEN, "bytes=0-99", 206, "bytes 0-99/" + SIZE));
  }
}
