package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryingBlobStoreTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350));

  @TempDir Path root;
  private final List<Duration> pauses = new ArrayList<>();

  private RetryingBlobStore retrying(BlobStore flaky) {
    return new RetryingBlobStore(flaky, POLICY, pauses::add);
  }

  @Test
  void replaysAByteArrayPutAfterTransientFailures() throws IOException {
    FlakyBlobStore flaky = new FlakyBlobStore(new FileBlobStore(root), 3, true);
    byte[] data = TestData.random(1000, 1);

    retrying(flaky).put("a/b", new ByteArrayInputStream(data), data.length);

    assertEquals(4, flaky.calls());
    try (InputStream in = new FileBlobStore(root).get("a/b")) {
      assertArrayEquals(data, in.readAllBytes(), "the retry re-read the data from its start");
    }
  }

  @Test
  void backsOffExponentiallyWithJitterUpToTheCap() {
    FlakyBlobStore flaky = new FlakyBlobStore(new FileBlobStore(root), 4, true);

    retrying(flaky).list("");

    assertEquals(4, pauses.size());
    long[] ceilings = {100, 200, 350, 350};
    for (int i = 0; i < 4; i++) {
      long millis = pauses.get(i).toMillis();
      assertTrue(millis >= 0 && millis <= ceilings[i], "pause " + i + " was " + millis + " ms");
    }
  }

  @Test
  void givesUpAfterMaxAttempts() {
    FlakyBlobStore flaky = new FlakyBlobStore(new FileBlobStore(root), 100, true);

    BlobStoreException e = assertThrows(BlobStoreException.class, () -> retrying(flaky).stat("x"));

    assertTrue(e.retryable());
    assertEquals(5, flaky.calls());
    assertEquals(4, pauses.size());
  }

  @Test
  void doesNotRetryPermanentFailures() {
    FlakyBlobStore flaky = new FlakyBlobStore(new FileBlobStore(root), 1, false);

    assertThrows(BlobStoreException.class, () -> retrying(flaky).delete("x"));

    assertEquals(1, flaky.calls());
    assertEquals(List.of(), pauses);
  }

  @Test
  void doesNotRetryNotFound() {
    FlakyBlobStore flaky = new FlakyBlobStore(new FileBlobStore(root), 0, true);

    assertThrows(BlobNotFoundException.class, () -> retrying(flaky).get("missing"));

    assertEquals(1, flaky.calls());
  }

  @Test
  void putsAStreamThatCannotBeReplayedOnlyOnce() {
    FlakyBlobStore flaky = new FlakyBlobStore(new FileBlobStore(root), 1, true);
    InputStream oneShot =
        new ByteArrayInputStream(new byte[100]) {
          @Override
          public boolean markSupported() {
            return false;
          }
        };

    assertThrows(BlobStoreException.class, () -> retrying(flaky).put("k", oneShot, 100));

    assertEquals(1, flaky.calls());
    assertFalse(new FileBlobStore(root).stat("k").isPresent());
  }

  @Test
  void replaysAMarkSupportingBufferedStream() throws IOException {
    FlakyBlobStore flaky = new FlakyBlobStore(new FileBlobStore(root), 2, true);
    byte[] data = TestData.random(300_000, 2);

    retrying(flaky).put("k", new BufferedInputStream(new ByteArrayInputStream(data)), data.length);

    try (InputStream in = new FileBlobStore(root).get("k")) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void contentStoreOverAFlakyBackendPublishesThroughTheWrappedStack() throws IOException {
    FlakyBlobStore flaky = new FlakyBlobStore(new FileBlobStore(root), 5, true);
    BlobStore wrapped =
        BlobStores.wrap(
            flaky,
            new BlobStores.Options(Optional.of(new RetryPolicy(8, Duration.ZERO, Duration.ZERO))));
    assertInstanceOf(RetryingBlobStore.class, wrapped);
    ContentStore store = new ContentStore(wrapped);
    byte[] data = TestData.random(3 * 1024 * 1024, 3);

    PartitionManifest manifest = store.putPartition(new ByteArrayInputStream(data));

    assertArrayEquals(data, ContentStoreTest.readAll(store, manifest.digest()));
    assertTrue(store.verify().ok());
  }

  @Test
  void noneOptionsLeaveTheBackendUnwrapped() {
    BlobStore backend = new FileBlobStore(root);

    assertEquals(backend, BlobStores.wrap(backend, BlobStores.Options.none()));
  }
}
