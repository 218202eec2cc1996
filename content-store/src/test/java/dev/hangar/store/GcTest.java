package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.CommitPartitionTest.Chunked;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deterministic races between the collector and uploads, driven by a test clock and GC hooks. */
class GcTest {

  private static final Duration GRACE = Duration.ofHours(1);
  private static final StoreTimings TIMINGS =
      new StoreTimings(GRACE, Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ZERO);

  @TempDir Path root;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private BlobStore blobs;
  private ContentStore store;

  /** Packs of 256 KiB, so a 1 MiB partition spreads over several packs. */
  private static final int PACK = 256 * 1024;

  @BeforeEach
  void createStore() {
    blobs = new FileBlobStore(root);
    store = storeWithPacksOf(PACK);
  }

  private ContentStore storeWithPacksOf(int packTarget) {
    return new ContentStore(blobs, ChunkerParams.defaults(), 2, clock, TIMINGS, packTarget);
  }

  private Gc gc(Gc.Hooks hooks) {
    return new Gc(blobs, clock, TIMINGS, hooks, PACK);
  }

  private PartitionManifest publish(byte[] data) throws IOException {
    return store.putPartition(new ByteArrayInputStream(data));
  }

  private Set<String> chunkKeys(PartitionManifest manifest) {
    return manifest.chunks().stream()
        .filter(r -> !r.zero())
        .map(r -> ContentStore.chunkKey(r.digest()))
        .collect(Collectors.toSet());
  }

  private void assertReadable(PartitionManifest manifest, byte[] data) throws IOException {
    try (InputStream in = store.openPartition(manifest.digest())) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  /** Two partitions sharing their first half. */
  private static byte[][] sharingPair() {
    byte[] a = TestData.random(1 << 20, 1);
    byte[] b = a.clone();
    System.arraycopy(TestData.random(1 << 19, 2), 0, b, 1 << 19, 1 << 19);
    return new byte[][] {a, b};
  }

  @Test
  void deletesUnrootedPartitionsAndTheirChunksOnlyAfterTheGraceWindow() throws IOException {
    byte[][] data = sharingPair();
    PartitionManifest a = publish(data[0]);
    PartitionManifest b = publish(data[1]);

    GcReport young = gc(Gc.Hooks.NONE).run(Set.of(a.digest()));
    clock.advance(GRACE.plusMinutes(1));
    GcReport old = gc(Gc.Hooks.NONE).run(Set.of(a.digest()));

    assertEquals(0, young.partitionsDeleted() + young.chunksDeleted());
    assertEquals(1, old.partitionsDeleted());
    assertFalse(store.hasPartition(b.digest()));
    Set<String> onlyB = new HashSet<>(chunkKeys(b));
    onlyB.removeAll(chunkKeys(a));
    assertEquals(onlyB.size(), old.chunksDeleted());
    assertEquals(chunkKeys(a), Packed.storedKeys(blobs));
    assertEquals(0, old.firstSeen(), "committed objects are dated by their commit's touch record");
    assertReadable(a, data[0]);
    assertTrue(store.verify().ok());
    assertEquals(List.of(), blobs.list("gc/"), "the sweep record is removed");
  }

  @Test
  void dedupHitBeforeTheSweepReadsTheTouchKeepsTheChunk() throws IOException {
    byte[] data = TestData.random(1 << 20, 3);
    PartitionManifest orphan = publish(data);
    clock.advance(GRACE.plusMinutes(1));
    byte[] extended = java.util.Arrays.copyOf(data, data.length + 4096);
    Chunked next = CommitPartitionTest.chunkLocally(extended);
    next.chunks().forEach(this::putQuietly); // all present already: nothing uploaded
    Gc.Hooks dedupDuringMark =
        new Gc.Hooks() {
          @Override
          public void afterMark() {
            // The commit touches every chunk, then finds the sweep running and gives up for now.
            assertThrows(StoreBusyException.class, () -> store.commitPartition(next.manifest()));
          }
        };

    GcReport report = gc(dedupDuringMark).run(Set.of());
    PartitionManifest committed = store.commitPartition(next.manifest());

    assertEquals(1, report.partitionsDeleted());
    assertFalse(store.hasPartition(orphan.digest()));
    Set<String> notReused = new HashSet<>(chunkKeys(orphan));
    next.chunks().keySet().forEach(d -> notReused.remove(ContentStore.chunkKey(d)));
    assertEquals(1, notReused.size());
    // The touched chunks were kept; the one chunk not reused goes unless its pack is mostly live.
    assertTrue(Packed.stored(blobs).containsAll(next.chunks().keySet()));
    assertTrue(report.chunksDeleted() <= notReused.size(), report.toString());
    assertReadable(committed, extended);
  }

  private void putQuietly(Digest digest, byte[] raw) {
    try {
      store.putChunk(digest, raw);
    } catch (CorruptChunkException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void dedupHitAfterTheSweepDecidedMakesTheCommitFailCleanlyInsteadOfLosingChunks()
      throws IOException {
    byte[] data = TestData.random(1 << 20, 4);
    PartitionManifest orphan = publish(data);
    clock.advance(GRACE.plusMinutes(1));
    Chunked again = CommitPartitionTest.chunkLocally(data);
    String victim = blobs.list("index/").get(0); // the first pack the sweep deletes
    AtomicInteger busy = new AtomicInteger();
    Gc.Hooks dedupJustBeforeDelete =
        new Gc.Hooks() {
          @Override
          public void beforeDelete(String key) {
            if (!key.equals(victim)) {
              return;
            }
            assertEquals(Set.of(), store.missingChunks(again.chunks().keySet()), "still there");
            StoreBusyException e =
                assertThrows(
                    StoreBusyException.class, () -> store.commitPartition(again.manifest()));
            assertTrue(e.retryable());
            busy.incrementAndGet();
          }
        };

    gc(dedupJustBeforeDelete).run(Set.of());

    assertEquals(1, busy.get(), "a commit during the sweep waits for it (here: zero wait)");
    MissingChunksException missing =
        assertThrows(MissingChunksException.class, () -> store.commitPartition(again.manifest()));
    // The sweep had read the touches before the refused commit wrote its record.
    assertEquals(Committer.storedChunks(orphan), missing.missing());
    assertFalse(store.hasPartition(orphan.digest()), "no manifest with missing chunks");
    for (Digest digest : missing.missing()) {
      store.putChunk(digest, again.chunks().get(digest));
    }
    assertReadable(store.commitPartition(again.manifest()), data);
    assertTrue(store.verify().ok());
  }

  @Test
  void uploadInFlightIsProtectedByItsLiveLeaseBeyondTheGraceWindow() throws IOException {
    byte[] data = TestData.random(1 << 20, 5);
    Chunked local = CommitPartitionTest.chunkLocally(data);
    store = storeWithPacksOf(1); // every received chunk is written as a pack at once
    try (Lease lease = store.acquireLease()) {
      for (Map.Entry<Digest, byte[]> chunk : local.chunks().entrySet()) {
        store.putChunk(chunk.getKey(), chunk.getValue());
      }
      clock.advance(Duration.ofMinutes(4));
      lease.renewIfDue();
      GcReport seen = gc(Gc.Hooks.NONE).run(Set.of());
      assertEquals(local.chunks().size(), seen.firstSeen(), "uncommitted packs dated now");
      for (int minute = 0; minute < 2 * GRACE.toMinutes(); minute += 4) {
        clock.advance(Duration.ofMinutes(4));
        lease.renewIfDue();
      }

      GcReport report = gc(Gc.Hooks.NONE).run(Set.of());

      assertEquals(0, report.chunksDeleted(), "chunks dated after the lease start are kept");
      assertEquals(0, report.packsDeleted() + report.packsRepacked());
      assertReadable(store.commitPartition(local.manifest(), lease), data);
    }
    assertEquals(List.of(), blobs.list("leases/"));
  }

  @Test
  void stalledUploaderWhoseLeaseExpiredCannotCommit() throws IOException {
    byte[] data = TestData.random(1 << 20, 6);
    Chunked local = CommitPartitionTest.chunkLocally(data);
    store = storeWithPacksOf(1); // every received chunk is written as a pack at once
    Lease lease = store.acquireLease();
    for (Map.Entry<Digest, byte[]> chunk : local.chunks().entrySet()) {
      store.putChunk(chunk.getKey(), chunk.getValue());
    }
    gc(Gc.Hooks.NONE).run(Set.of()); // dates the uncommitted chunks
    clock.advance(GRACE.plusMinutes(1)); // the uploader stalls without renewing

    GcReport report = gc(Gc.Hooks.NONE).run(Set.of());

    assertEquals(
        local.chunks().size(), report.chunksDeleted(), "an expired lease protects nothing");
    assertThrows(LeaseExpiredException.class, () -> store.commitPartition(local.manifest(), lease));
    assertThrows(LeaseExpiredException.class, lease::renewIfDue);
    MissingChunksException e =
        assertThrows(MissingChunksException.class, () -> store.commitPartition(local.manifest()));
    assertEquals(local.chunks().size(), e.missing().size());
    assertFalse(store.hasPartition(local.manifest().digest()));
    assertTrue(store.verify().ok());
  }

  @Test
  void lastReferenceRemovedWhileGcDecidesIsCollectedByTheNextRun() throws IOException {
    byte[] data = TestData.random(1 << 20, 7);
    PartitionManifest only = publish(data);
    clock.advance(GRACE.plusMinutes(1));
    Set<Digest> catalog = ConcurrentHashMap.newKeySet();
    catalog.add(only.digest());
    Gc.Hooks removeRootDuringRun =
        new Gc.Hooks() {
          @Override
          public void afterMark() {
            catalog.remove(only.digest());
          }
        };

    GcReport first = gc(removeRootDuringRun).run(catalog);

    assertEquals(0, first.chunksDeleted() + first.partitionsDeleted(), "roots are a snapshot");
    assertReadable(only, data);
    assertTrue(store.verify().ok());
    GcReport second = gc(Gc.Hooks.NONE).run(catalog);
    assertEquals(1, second.partitionsDeleted());
    assertEquals(chunkKeys(only).size(), second.chunksDeleted());
    assertEquals(List.of(), blobs.list("chunks/"));
    assertEquals(List.of(), blobs.list("touch/"));
  }

  @Test
  void deleteFailingHalfwayLeavesAConsistentStoreAndARerunConverges() throws IOException {
    byte[][] data = sharingPair();
    PartitionManifest keep = publish(data[0]);
    PartitionManifest drop = publish(data[1]);
    PartitionManifest drop2 = publish(TestData.random(1 << 20, 8));
    clock.advance(GRACE.plusMinutes(1));
    Gc.Hooks failOnThirdChunk =
        new Gc.Hooks() {
          private int chunks;

          @Override
          public void beforeDelete(String key) {
            if ((key.startsWith("index/") || key.startsWith("packs/")) && ++chunks == 3) {
              throw new BlobStoreException("injected: delete " + key + " failed", true);
            }
          }
        };

    assertThrows(BlobStoreException.class, () -> gc(failOnThirdChunk).run(Set.of(keep.digest())));

    assertTrue(store.verify().ok(), "manifests go before their chunks");
    assertEquals(List.of(), blobs.list("gc/"));
    // The failed run had already dropped its victims from the touch records, so the leftovers
    // are dated afresh and go one grace period later: slower, never unsafe.
    GcReport rerun = gc(Gc.Hooks.NONE).run(Set.of(keep.digest()));
    assertTrue(rerun.firstSeen() > 0);
    assertTrue(store.verify().ok());
    clock.advance(GRACE.plusMinutes(1));
    GcReport converged = gc(Gc.Hooks.NONE).run(Set.of(keep.digest()));
    assertEquals(rerun.firstSeen(), converged.packsDeleted());
    assertEquals(chunkKeys(keep), Packed.storedKeys(blobs));
    assertFalse(store.hasPartition(drop.digest()) || store.hasPartition(drop2.digest()));
    GcReport idle = gc(Gc.Hooks.NONE).run(Set.of(keep.digest()));
    assertEquals(0, idle.chunksDeleted() + idle.partitionsDeleted() + idle.recordsDeleted());
    assertReadable(keep, data[0]);
  }

  @Test
  void stalledCollectorStopsDeletingOnceItsSweepRecordExpired() throws IOException {
    PartitionManifest orphan = publish(TestData.random(1 << 19, 9));
    clock.advance(GRACE.plusMinutes(1));
    Gc.Hooks stall =
        new Gc.Hooks() {
          @Override
          public void beforeDelete(String key) {
            clock.advance(TIMINGS.sweepTtl().plusSeconds(1));
          }
        };

    IOException e = assertThrows(IOException.class, () -> gc(stall).run(Set.of()));

    assertTrue(e.getMessage().contains("expired"), e.getMessage());
    assertTrue(store.hasPartition(orphan.digest()), "nothing deleted on a stale decision");
  }

  @Test
  void republishingRefreshesAnOldUnrootedManifest() throws IOException {
    byte[] data = TestData.random(1 << 19, 10);
    publish(data);
    clock.advance(GRACE.plusMinutes(1));

    PartitionManifest again = publish(data);
    GcReport report = gc(Gc.Hooks.NONE).run(Set.of());

    assertEquals(0, report.partitionsDeleted() + report.chunksDeleted());
    assertReadable(again, data);
    assertEquals(Optional.of(again), store.manifest(again.digest()));
  }

  /** A 1 MiB partition in one pack and a rooted 256 KiB prefix of it: the pack is mostly dead. */
  private record MostlyDead(
      ContentStore store, byte[] whole, byte[] prefix, PartitionManifest x, PartitionManifest y) {}

  private MostlyDead mostlyDeadPack() throws IOException {
    ContentStore big = storeWithPacksOf(BIG_PACK);
    byte[] whole = TestData.random(1 << 20, 11);
    byte[] prefix = java.util.Arrays.copyOf(whole, 256 * 1024);
    PartitionManifest x = big.putPartition(new ByteArrayInputStream(whole));
    PartitionManifest y = big.putPartition(new ByteArrayInputStream(prefix));
    assertEquals(2, blobs.list("packs/").size(), "x in one pack, y's last chunk in another");
    clock.advance(GRACE.plusMinutes(1));
    return new MostlyDead(big, whole, prefix, x, y);
  }

  private static final int BIG_PACK = 16 << 20;

  private Gc bigGc(Gc.Hooks hooks) {
    return new Gc(blobs, clock, TIMINGS, hooks, BIG_PACK);
  }

  @Test
  void repackCopiesLiveChunksAndAReaderWithAStaleIndexFindsThem() throws IOException {
    MostlyDead m = mostlyDeadPack();
    String oldPack = Packs.packKey(Packed.locate(blobs, m.y().chunks().get(0).digest()).pack());
    InputStream openedBefore = m.store().openPartition(m.y().digest()); // indexed the old pack
    AtomicInteger readsDuringRepack = new AtomicInteger();
    Gc.Hooks readWhileRepacking =
        new Gc.Hooks() {
          @Override
          public void beforeDelete(String key) {
            if (key.equals(oldPack)) { // the new pack is written, the old index already gone
              try (InputStream in = m.store().openPartition(m.y().digest())) {
                assertArrayEquals(m.prefix(), in.readAllBytes());
              } catch (IOException e) {
                throw new AssertionError(e);
              }
              readsDuringRepack.incrementAndGet();
            }
          }
        };

    GcReport report = bigGc(readWhileRepacking).run(Set.of(m.y().digest()));

    assertEquals(1, report.packsRepacked());
    assertEquals(1, readsDuringRepack.get());
    assertEquals(List.of(), blobs.stat(oldPack).stream().toList(), "the old pack is gone");
    assertArrayEquals(m.prefix(), openedBefore.readAllBytes(), "found again after a refresh");
    openedBefore.close();
    assertEquals(
        m.y().chunks().stream().map(ChunkRef::digest).collect(Collectors.toSet()),
        Packed.stored(blobs),
        "only y's chunks remain");
    assertFalse(m.store().hasPartition(m.x().digest()));
    assertTrue(m.store().verify().ok());
  }

  @Test
  void dedupHitDuringARepackCommitsOnlyWhatTheRepackKept() throws IOException {
    MostlyDead m = mostlyDeadPack();
    Chunked again = CommitPartitionTest.chunkLocally(m.whole());
    Set<Digest> live = m.y().chunks().stream().map(ChunkRef::digest).collect(Collectors.toSet());
    AtomicInteger busy = new AtomicInteger();
    Gc.Hooks dedupWhileRepacking =
        new Gc.Hooks() {
          @Override
          public void beforeDelete(String key) {
            if (!key.startsWith("index/")) {
              return;
            }
            // Still indexed in the old pack: the client uploads nothing, its commit must wait.
            assertEquals(Set.of(), m.store().missingChunks(again.chunks().keySet()));
            assertThrows(
                StoreBusyException.class, () -> m.store().commitPartition(again.manifest()));
            busy.incrementAndGet();
          }
        };

    GcReport report = bigGc(dedupWhileRepacking).run(Set.of(m.y().digest()));

    assertEquals(1, report.packsRepacked());
    assertEquals(1, busy.get());
    MissingChunksException e =
        assertThrows(
            MissingChunksException.class, () -> m.store().commitPartition(again.manifest()));
    Set<Digest> dropped = new HashSet<>(again.chunks().keySet());
    dropped.removeAll(live);
    assertEquals(dropped, Set.copyOf(e.missing()), "exactly the chunks the repack left behind");
    for (Digest digest : e.missing()) {
      m.store().putChunk(digest, again.chunks().get(digest));
    }
    PartitionManifest committed = m.store().commitPartition(again.manifest());
    try (InputStream in = m.store().openPartition(committed.digest())) {
      assertArrayEquals(m.whole(), in.readAllBytes());
    }
    assertTrue(m.store().verify().ok());
  }
}
