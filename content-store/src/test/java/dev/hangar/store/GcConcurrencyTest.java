package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Publishing, root deletion and collection interleaved on several threads over a shared store; the
 * store must end consistent with every rooted partition readable.
 */
class GcConcurrencyTest {

  private static final StoreTimings TIMINGS =
      new StoreTimings(
          Duration.ofHours(1),
          Duration.ofMinutes(10),
          Duration.ofMinutes(10),
          Duration.ofSeconds(20));
  private static final ChunkerParams SMALL = new ChunkerParams(256, 1024, 4096);
  private static final int PUBLISHES_PER_THREAD = 600;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final BlobStore blobs = new MemoryBlobStore();
  private final ContentStore store = new ContentStore(blobs, SMALL, 1, clock, TIMINGS);
  private final Set<Digest> catalog = ConcurrentHashMap.newKeySet();
  private final Map<Digest, byte[]> contents = new ConcurrentHashMap<>();
  private final AtomicBoolean publishing = new AtomicBoolean(true);
  private final AtomicInteger operations = new AtomicInteger();
  private final AtomicInteger cleanFailures = new AtomicInteger();
  private final AtomicInteger collections = new AtomicInteger();

  @Test
  void interleavedPublishDeleteAndCollectLeaveAConsistentStore() throws Exception {
    byte[][] bases = {
      TestData.random(32 * 1024, 1), TestData.random(32 * 1024, 2), TestData.random(24 * 1024, 3)
    };
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> publishers = new ArrayList<>();
      for (int id = 0; id < 2; id++) {
        int publisher = id;
        publishers.add(threads.submit(() -> publish(publisher, bases)));
      }
      Future<?> deleter = threads.submit(this::deleteRootsAndRead);
      Future<?> collector = threads.submit(this::collect);
      for (Future<?> publisher : publishers) {
        publisher.get(50, TimeUnit.SECONDS);
      }
      publishing.set(false);
      deleter.get(5, TimeUnit.SECONDS);
      collector.get(5, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }

    assertTrue(operations.get() >= 2000, "operations: " + operations.get());
    assertTrue(collections.get() >= 20, "collections: " + collections.get());
    assertTrue(cleanFailures.get() < PUBLISHES_PER_THREAD, "failures: " + cleanFailures.get());
    VerifyReport report = store.verify();
    assertTrue(report.ok(), report.problems().toString());
    for (Digest root : catalog) {
      assertArrayEquals(contents.get(root), read(root), "partition " + root);
    }
    // Two quiet collections a grace period apart: a pack the concurrent collections never saw
    // (written after the last one) is only dated by the first, and goes in the second.
    clock.advance(Duration.ofHours(2));
    new Gc(blobs, clock, TIMINGS).run(catalog);
    clock.advance(Duration.ofHours(2));
    new Gc(blobs, clock, TIMINGS).run(catalog);
    Set<Digest> referenced = new HashSet<>();
    for (Digest root : catalog) {
      store.manifest(root).orElseThrow().chunks().stream()
          .filter(r -> !r.zero())
          .forEach(r -> referenced.add(r.digest()));
      assertArrayEquals(contents.get(root), read(root));
    }
    // Garbage converged: no pack is left that is mostly dead (those were deleted or repacked).
    for (Map.Entry<String, List<PackEntry>> pack : Packed.indexes(blobs).entrySet()) {
      long all = pack.getValue().stream().mapToLong(PackEntry::length).sum();
      long live =
          pack.getValue().stream()
              .filter(e -> referenced.contains(e.digest()))
              .mapToLong(PackEntry::length)
              .sum();
      assertTrue(2 * live >= all, "pack " + pack.getKey() + ": " + live + " of " + all + " live");
    }
    assertTrue(Packed.stored(blobs).containsAll(referenced));
    assertEquals(
        blobs.list("index/").size(), blobs.list("packs/").size(), "no pack without its index");
    assertEquals(catalog.size(), blobs.list("partitions/").size());
    assertTrue(store.verify().ok());
  }

  private void publish(int publisher, byte[][] bases) {
    Random random = new Random(100 + publisher);
    for (int i = 0; i < PUBLISHES_PER_THREAD; i++) {
      byte[] data = bases[random.nextInt(bases.length)].clone();
      for (int m = random.nextInt(3); m >= 0; m--) {
        int at = random.nextInt(data.length - 64);
        System.arraycopy(TestData.random(64, random.nextLong()), 0, data, at, 64);
      }
      ByteBuffer.wrap(data).putInt(publisher).putInt(i); // distinct digests per publisher
      Digest digest = Digest.of(data);
      contents.put(digest, data);
      catalog.add(digest); // the catalog records the root before publishing
      try {
        store.putPartition(new ByteArrayInputStream(data), digest);
      } catch (MissingChunksException | LeaseExpiredException | StoreBusyException e) {
        catalog.remove(digest); // a clean failure: no manifest was written
        cleanFailures.incrementAndGet();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      operations.incrementAndGet();
    }
  }

  private void deleteRootsAndRead() {
    Random random = new Random(7);
    while (publishing.get()) {
      // Reads only roots that stay in the catalog while being read: this thread alone deletes.
      List<Digest> roots = new ArrayList<>(catalog);
      if (!roots.isEmpty()) {
        Digest root = roots.get(random.nextInt(roots.size()));
        if (store.hasPartition(root)) {
          try {
            assertArrayEquals(contents.get(root), read(root));
          } catch (IOException e) {
            throw new AssertionError("reading live partition " + root, e);
          }
          operations.incrementAndGet();
        }
      }
      if (roots.size() > 20) {
        catalog.remove(roots.get(random.nextInt(roots.size())));
        operations.incrementAndGet();
      }
      Thread.onSpinWait();
    }
  }

  private void collect() {
    Gc gc = new Gc(blobs, clock, TIMINGS);
    while (publishing.get()) {
      try {
        gc.run(Set.copyOf(catalog));
        Thread.sleep(15); // lets waiting commits see a gap between sweeps
      } catch (IOException e) {
        throw new AssertionError(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      clock.advance(Duration.ofMinutes(1));
      collections.incrementAndGet();
      operations.incrementAndGet();
    }
  }

  private byte[] read(Digest partition) throws IOException {
    try (InputStream in = store.openPartition(partition)) {
      return in.readAllBytes();
    }
  }
}
