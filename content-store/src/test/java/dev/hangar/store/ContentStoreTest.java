package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {

  private static final int MIB = 1024 * 1024;

  @TempDir Path root;
  private CountingBlobStore blobs;
  private ContentStore store;

  @BeforeEach
  void createStore() {
    blobs = new CountingBlobStore(new FileBlobStore(root));
    store =
        new ContentStore(
            blobs, ChunkerParams.defaults(), 2, Clock.systemUTC(), StoreTimings.defaults(), PACK);
  }

  /** Small packs, so that a few MiB spread over several of them. */
  private static final int PACK = 256 * 1024;

  /** 20 MiB of random bytes with zero runs of 3 MiB, 1 MiB and 700 KiB embedded. */
  static byte[] imageWithZeroRuns() {
    byte[] data = TestData.random(20 * MIB, 42);
    java.util.Arrays.fill(data, 2 * MIB, 5 * MIB, (byte) 0);
    java.util.Arrays.fill(data, 9 * MIB + 12345, 10 * MIB + 12345, (byte) 0);
    java.util.Arrays.fill(data, 20 * MIB - 700 * 1024, 20 * MIB, (byte) 0);
    return data;
  }

  static byte[] readAll(ContentStore store, Digest partition) throws IOException {
    try (InputStream in = store.openPartition(partition)) {
      return in.readAllBytes();
    }
  }

  @Test
  void roundTripsALargeStreamWithZeroRuns() throws IOException {
    byte[] data = imageWithZeroRuns();
    PartitionManifest manifest = store.putPartition(new ByteArrayInputStream(data));

    assertEquals(Digest.of(data), manifest.digest());
    assertEquals(data.length, manifest.size());
    assertArrayEquals(data, readAll(store, manifest.digest()));
    assertEquals(Optional.of(manifest), store.manifest(manifest.digest()));
    assertTrue(store.hasPartition(manifest.digest()));

    List<ChunkRef> zeros = manifest.chunks().stream().filter(ChunkRef::zero).toList();
    assertTrue(zeros.size() >= 3, "zero runs recorded: " + zeros);
    long zeroBytes = zeros.stream().mapToLong(ChunkRef::length).sum();
    assertTrue(zeroBytes >= 3 * MIB, "only " + zeroBytes + " zero bytes recognised");
    for (ChunkRef zero : zeros) {
      assertEquals(Digest.of(new byte[zero.length()]), zero.digest());
    }
    assertEquals(
        manifest.chunks().stream()
            .filter(ref -> !ref.zero())
            .map(ChunkRef::digest)
            .collect(Collectors.toSet()),
        Packed.stored(blobs));
    int packs = blobs.list("packs/").size();
    assertEquals(packs, blobs.list("index/").size(), "one index per pack");
    long storedBytes = 20 * MIB - zeroBytes;
    assertTrue(
        packs >= storedBytes / (PACK + 256 * 1024) && packs <= storedBytes / PACK + 1,
        packs + " packs for " + storedBytes + " bytes");
    assertTrue(store.verify().ok());
  }

  @Test
  void roundTripsEmptyAndTinyPartitions() throws IOException {
    for (byte[] data : List.of(new byte[0], new byte[] {7}, new byte[100])) {
      PartitionManifest manifest = store.putPartition(new ByteArrayInputStream(data));
      assertArrayEquals(data, readAll(store, manifest.digest()));
    }
  }

  @Test
  void secondPutOfSameBytesStoresOnlyALeaseAndOneTouchRecord() throws IOException {
    byte[] data = imageWithZeroRuns();
    PartitionManifest first = store.putPartition(new ByteArrayInputStream(data));
    List<String> firstPuts = blobs.drainPuts();
    assertTrue(firstPuts.contains(ContentStore.manifestKey(first.digest())));

    PartitionManifest second = store.putPartition(new ByteArrayInputStream(data));
    assertEquals(first, second);
    List<String> secondPuts = blobs.drainPuts();
    assertEquals(
        List.of(),
        secondPuts.stream()
            .filter(
                k ->
                    k.startsWith("packs/") || k.startsWith("index/") || k.startsWith("partitions/"))
            .toList());
    assertEquals(2, secondPuts.size(), "one lease and one touch record: " + secondPuts);
    assertEquals(1, secondPuts.stream().filter(k -> k.startsWith("touch/")).count());
    assertEquals(List.of(), blobs.list("leases/"), "the lease is released after the commit");
  }

  @Test
  void modifiedCopySharesMostChunks() throws IOException {
    byte[] data = TestData.random(12 * MIB, 7);
    byte[] modified = new byte[data.length + 5000];
    System.arraycopy(data, 0, modified, 0, 4 * MIB);
    System.arraycopy(TestData.random(5000, 8), 0, modified, 4 * MIB, 5000);
    System.arraycopy(data, 4 * MIB, modified, 4 * MIB + 5000, data.length - 4 * MIB);
    modified[10 * MIB] ^= 0x55;

    PartitionManifest original = store.putPartition(new ByteArrayInputStream(data));
    Set<Digest> before = Packed.stored(blobs);
    blobs.drainPuts();
    PartitionManifest copy = store.putPartition(new ByteArrayInputStream(modified));
    Set<Digest> after = Packed.stored(blobs);
    after.removeAll(before);
    long newChunks = after.size();
    assertEquals(1, blobs.drainPuts().stream().filter(k -> k.startsWith("packs/")).count());

    assertTrue(newChunks >= 2 && newChunks <= 8, "new chunks stored: " + newChunks);
    assertTrue(newChunks < copy.chunks().size() / 10, newChunks + " of " + copy.chunks().size());
    assertArrayEquals(modified, readAll(store, copy.digest()));
    assertArrayEquals(data, readAll(store, original.digest()));
  }

  @Test
  void tamperedChunkFailsReadAndIsReportedByVerify() throws IOException {
    byte[] data = TestData.random(2 * MIB, 9);
    PartitionManifest manifest = store.putPartition(new ByteArrayInputStream(data));
    ChunkRef victim = manifest.chunks().get(1);
    String key = ContentStore.chunkKey(victim.digest());
    Packed.overwrite(blobs, victim.digest(), TestData.random(victim.length(), 10));

    CorruptChunkException e =
        assertThrows(CorruptChunkException.class, () -> readAll(store, manifest.digest()));
    assertEquals(victim.digest(), e.digest());
    assertTrue(e.getMessage().contains(victim.digest().toString()), e.getMessage());

    VerifyReport report = store.verify();
    assertFalse(report.ok());
    assertEquals(1, report.partitions());
    assertEquals(List.of(key), report.problems().stream().map(VerifyReport.Problem::key).toList());
  }

  @Test
  void chunkThatIsNotZstdOrMissingIsCorrupt() throws IOException {
    byte[] data = TestData.random(MIB, 11);
    PartitionManifest manifest = store.putPartition(new ByteArrayInputStream(data));
    ChunkRef first = manifest.chunks().get(0);
    ChunkRef last = manifest.chunks().get(manifest.chunks().size() - 1);
    byte[] garbage = "not zstd".getBytes(StandardCharsets.US_ASCII);
    Packed.overwrite(blobs, first.digest(), garbage);
    String lastPack = Packs.packKey(Packed.locate(blobs, last.digest()).pack());
    assertNotEquals(lastPack, Packs.packKey(Packed.locate(blobs, first.digest()).pack()));
    blobs.delete(lastPack);

    assertThrows(CorruptChunkException.class, () -> readAll(store, manifest.digest()));
    List<String> problems =
        store.verify().problems().stream().map(VerifyReport.Problem::key).toList();
    assertTrue(problems.contains(ContentStore.chunkKey(first.digest())), problems.toString());
    assertTrue(problems.contains(ContentStore.chunkKey(last.digest())), problems.toString());
    assertTrue(problems.contains(lastPack), "the indexed pack is missing: " + problems);
  }

  @Test
  void failedUploadLeavesNoManifest() {
    byte[] data = TestData.random(6 * MIB, 12);
    InputStream failsHalfway =
        new java.io.FilterInputStream(new ByteArrayInputStream(data)) {
          private long served;

          @Override
          public int read(byte[] buffer, int offset, int count) throws IOException {
            if (served >= 3 * MIB) {
              throw new IOException("connection reset");
            }
            int n = super.read(buffer, offset, count);
            served += Math.max(n, 0);
            return n;
          }
        };
    IOException e = assertThrows(IOException.class, () -> store.putPartition(failsHalfway));
    assertEquals("connection reset", e.getMessage());
    assertFalse(store.hasPartition(Digest.of(data)));
    assertEquals(List.of(), blobs.list("partitions/"));
    assertFalse(blobs.list("packs/").isEmpty(), "packs sealed before the failure were stored");
  }

  @Test
  void bytesThatDoNotHashToTheExpectedDigestLeaveNoManifest() throws IOException {
    byte[] data = TestData.random(MIB, 13);
    Digest claimed = Digest.of(new byte[] {1});
    DigestMismatchException e =
        assertThrows(
            DigestMismatchException.class,
            () -> store.putPartition(new ByteArrayInputStream(data), claimed));
    assertEquals(Digest.of(data), e.actual());
    assertEquals(List.of(), blobs.list("partitions/"));

    PartitionManifest stored = store.putPartition(new ByteArrayInputStream(data), Digest.of(data));
    assertEquals(Digest.of(data), stored.digest());
  }

  @Test
  void readErrorFromSourceStreamPropagatesAsIoException() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("device gone");
          }
        };
    IOException e = assertThrows(IOException.class, () -> store.putPartition(broken));
    assertEquals("device gone", e.getMessage());
    assertEquals(List.of(), blobs.list("partitions/"));
  }

  @Test
  void missingChunksReportsOnlyAbsentDigests() throws IOException {
    byte[] data = TestData.random(MIB, 13);
    PartitionManifest manifest = store.putPartition(new ByteArrayInputStream(data));
    Digest present = manifest.chunks().get(0).digest();
    Digest absent = Digest.of(new byte[] {1, 2, 3});
    assertEquals(Set.of(absent), store.missingChunks(List.of(present, absent, absent)));
  }

  @Test
  void putChunkStoresVerifiedBytesAndRejectsMismatches() throws IOException {
    byte[] raw = TestData.random(50_000, 14);
    Digest digest = Digest.of(raw);
    CorruptChunkException e =
        assertThrows(
            CorruptChunkException.class, () -> store.putChunk(digest, TestData.random(50_000, 15)));
    assertEquals(digest, e.digest());
    assertEquals(Set.of(digest), store.missingChunks(List.of(digest)));

    store.putChunk(digest, raw);
    assertEquals(Set.of(), store.missingChunks(List.of(digest)));
    assertEquals(List.of(), blobs.list("packs/"), "received chunks wait in memory");

    PartitionManifest single =
        new PartitionManifest(
            digest, raw.length, List.of(new ChunkRef(0, raw.length, digest, false)));
    store.commitPartition(single);
    assertEquals(1, blobs.list("packs/").size(), "the commit wrote them as one pack");
    assertArrayEquals(raw, readAll(store, digest));
    assertArrayEquals(raw, readAll(new ContentStore(blobs), digest), "another process reads it");
  }

  @Test
  void receivedChunksAreSealedIntoPacksOnceThePackIsFull() throws IOException {
    for (int i = 0; i < 10; i++) {
      byte[] raw = TestData.random(64 * 1024, 100 + i);
      store.putChunk(Digest.of(raw), raw);
    }
    assertEquals(2, blobs.list("packs/").size(), "640 KiB of incompressible chunks, 256 KiB packs");
    assertEquals(8, Packed.stored(blobs).size());
  }

  @Test
  void compressibleChunksAreStoredCompressedAndOthersRaw() throws IOException {
    byte[] text = "hangar packs chunks; ".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
    byte[] noise = TestData.random(text.length, 16);
    PartitionManifest a = store.putPartition(new ByteArrayInputStream(text));
    PartitionManifest b = store.putPartition(new ByteArrayInputStream(noise));
    for (var entries : Packed.indexes(blobs).values()) {
      for (PackEntry entry : entries) {
        boolean fromText = a.chunks().stream().anyMatch(r -> r.digest().equals(entry.digest()));
        assertEquals(fromText, entry.compressed(), entry.toString());
        assertTrue(fromText ? entry.length() < entry.rawLength() / 10 : true);
      }
    }
    assertArrayEquals(text, readAll(store, a.digest()));
    assertArrayEquals(noise, readAll(store, b.digest()));
  }

  @Test
  void manifestIsAbsentForUnknownPartition() throws IOException {
    Digest unknown = Digest.of(new byte[] {42});
    assertEquals(Optional.empty(), store.manifest(unknown));
    assertFalse(store.hasPartition(unknown));
    assertThrows(BlobNotFoundException.class, () -> store.openPartition(unknown));
  }

  @Test
  void manifestStoredUnderAnotherDigestIsRejected() throws IOException {
    PartitionManifest manifest = store.putPartition(new ByteArrayInputStream(new byte[] {1, 2}));
    Digest other = Digest.of(new byte[] {3});
    byte[] json = ManifestCodec.toJson(manifest);
    blobs.put(ContentStore.manifestKey(other), new ByteArrayInputStream(json), json.length);
    assertThrows(CorruptManifestException.class, () -> store.manifest(other));
    assertEquals(
        List.of(ContentStore.manifestKey(other)),
        store.verify().problems().stream().map(VerifyReport.Problem::key).toList());
  }
}
