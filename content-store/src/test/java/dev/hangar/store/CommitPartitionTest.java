package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote have/need upload: client-side chunking, missingChunks, putChunk, commitPartition. */
class CommitPartitionTest {

  private static final int MIB = 1024 * 1024;

  @TempDir Path root;
  private ContentStore store;

  @BeforeEach
  void createStore() {
    store = new ContentStore(new FileBlobStore(root));
  }

  /** What a remote client holds after chunking locally: the proposed manifest and chunk bytes. */
  record Chunked(PartitionManifest manifest, Map<Digest, byte[]> chunks) {}

  static Chunked chunkLocally(byte[] data) throws IOException {
    FastCdcChunker.Reader reader =
        new FastCdcChunker(ChunkerParams.defaults()).open(new ByteArrayInputStream(data));
    List<ChunkRef> refs = new ArrayList<>();
    Map<Digest, byte[]> chunks = new LinkedHashMap<>();
    for (Optional<Chunk> next = reader.next(); next.isPresent(); next = reader.next()) {
      Chunk chunk = next.get();
      Digest digest = Digest.of(chunk.data());
      chunks.putIfAbsent(digest, chunk.data());
      refs.add(new ChunkRef(chunk.offset(), chunk.length(), digest, false));
    }
    return new Chunked(new PartitionManifest(Digest.of(data), data.length, refs), chunks);
  }

  /** Uploads what the store lacks and commits; returns the raw bytes sent. */
  long upload(Chunked local) throws IOException {
    long sent = 0;
    for (Digest digest : store.missingChunks(local.chunks().keySet())) {
      byte[] raw = local.chunks().get(digest);
      store.putChunk(digest, raw);
      sent += raw.length;
    }
    store.commitPartition(local.manifest());
    return sent;
  }

  @Test
  void secondVersionUploadsOnlyTheChangedChunks() throws IOException {
    byte[] v1 = TestData.random(16 * MIB, 7);
    byte[] v2 = v1.clone();
    for (int at : new int[] {MIB, 7 * MIB + 333, 12 * MIB}) {
      System.arraycopy(TestData.random(4096, at), 0, v2, at, 4096);
    }
    Chunked first = chunkLocally(v1);
    Chunked second = chunkLocally(v2);

    long sentFirst = upload(first);
    long sentSecond = upload(second);

    assertEquals(v1.length, sentFirst, "random data has no duplicate chunks");
    assertTrue(sentSecond > 0 && sentSecond <= 3 * 2 * 256 * 1024, "sent " + sentSecond);
    assertTrue(sentSecond < v2.length / 10, "sent " + sentSecond + " of " + v2.length);
    assertArrayEquals(v1, ContentStoreTest.readAll(store, first.manifest().digest()));
    assertArrayEquals(v2, ContentStoreTest.readAll(store, second.manifest().digest()));
    assertTrue(store.verify().ok());
  }

  @Test
  void commitListsMissingChunksAndWritesNoManifest() throws IOException {
    Chunked local = chunkLocally(TestData.random(2 * MIB, 11));
    Digest skipped = local.manifest().chunks().get(1).digest();
    for (Map.Entry<Digest, byte[]> chunk : local.chunks().entrySet()) {
      if (!chunk.getKey().equals(skipped)) {
        store.putChunk(chunk.getKey(), chunk.getValue());
      }
    }

    MissingChunksException e =
        assertThrows(MissingChunksException.class, () -> store.commitPartition(local.manifest()));

    assertEquals(List.of(skipped), e.missing());
    assertFalse(store.hasPartition(local.manifest().digest()));
    store.putChunk(skipped, local.chunks().get(skipped));
    store.commitPartition(local.manifest());
    assertTrue(store.hasPartition(local.manifest().digest()));
  }

  @Test
  void rejectsAManifestWhoseDigestIsNotThatOfItsChunks() throws IOException {
    byte[] data = TestData.random(MIB, 12);
    Chunked local = chunkLocally(data);
    local.chunks().forEach(this::putUnchecked);
    Digest claimed = Digest.of(TestData.random(16, 1));
    PartitionManifest lie = new PartitionManifest(claimed, data.length, local.manifest().chunks());

    DigestMismatchException e =
        assertThrows(DigestMismatchException.class, () -> store.commitPartition(lie));

    assertEquals(Digest.of(data), e.actual());
    assertFalse(store.hasPartition(claimed));
  }

  @Test
  void commitsZeroRunsWithoutChunkObjects() throws IOException {
    byte[] data = new byte[3 * MIB];
    System.arraycopy(TestData.random(MIB, 5), 0, data, 0, MIB);
    Chunked local = chunkLocally(data);
    List<ChunkRef> refs = new ArrayList<>(local.manifest().chunks());
    ChunkRef head = refs.stream().filter(r -> r.end() >= MIB).findFirst().orElseThrow();
    List<ChunkRef> withRun = new ArrayList<>(refs.subList(0, refs.indexOf(head) + 1));
    int runLength = (int) (data.length - head.end());
    withRun.add(new ChunkRef(head.end(), runLength, Digest.of(new byte[runLength]), true));
    PartitionManifest manifest = new PartitionManifest(Digest.of(data), data.length, withRun);
    for (ChunkRef ref : withRun) {
      if (!ref.zero()) {
        store.putChunk(ref.digest(), local.chunks().get(ref.digest()));
      }
    }

    store.commitPartition(manifest);

    assertArrayEquals(data, ContentStoreTest.readAll(store, manifest.digest()));
    assertEquals(
        Set.of(),
        store.missingChunks(
            local.manifest().chunks().stream()
                .filter(r -> r.end() <= head.end())
                .map(ChunkRef::digest)
                .toList()));
  }

  private void putUnchecked(Digest digest, byte[] raw) {
    try {
      store.putChunk(digest, raw);
    } catch (CorruptChunkException e) {
      throw new AssertionError(e);
    }
  }
}
