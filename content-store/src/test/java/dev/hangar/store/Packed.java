package dev.hangar.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Test helpers that look into (and tamper with) packs and their indexes. */
final class Packed {

  private Packed() {}

  /** Returns every pack index in the store, by pack id; fails on a corrupt index. */
  static Map<String, List<PackEntry>> indexes(BlobStore blobs) {
    return Packs.readAll(
        blobs,
        (key, problem) -> {
          throw new AssertionError(key + ": " + problem);
        });
  }

  /** Returns the digests of all chunks some pack index lists. */
  static Set<Digest> stored(BlobStore blobs) {
    Set<Digest> stored = new HashSet<>();
    indexes(blobs).values().forEach(entries -> entries.forEach(e -> stored.add(e.digest())));
    return stored;
  }

  /** Returns the chunk names ({@code chunks/..}) of all indexed chunks. */
  static Set<String> storedKeys(BlobStore blobs) {
    return stored(blobs).stream().map(ContentStore::chunkKey).collect(Collectors.toSet());
  }

  /** Returns where a fresh index finds {@code digest}. */
  static ChunkIndex.Location locate(BlobStore blobs, Digest digest) {
    ChunkIndex index = new ChunkIndex(blobs);
    index.refresh();
    return index.find(digest).orElseThrow(() -> new AssertionError(digest + " is not indexed"));
  }

  /**
   * Overwrites the stored bytes of {@code digest} inside its pack with {@code replacement} (cut or
   * zero-padded to the stored length), breaking write-once on purpose to simulate corruption.
   */
  static void overwrite(BlobStore blobs, Digest digest, byte[] replacement) throws IOException {
    ChunkIndex.Location at = locate(blobs, digest);
    String key = Packs.packKey(at.pack());
    byte[] pack;
    try (InputStream in = blobs.get(key)) {
      pack = in.readAllBytes();
    }
    int offset = (int) at.entry().offset();
    java.util.Arrays.fill(pack, offset, offset + at.entry().length(), (byte) 0);
    System.arraycopy(
        replacement, 0, pack, offset, Math.min(replacement.length, at.entry().length()));
    blobs.put(key, new ByteArrayInputStream(pack), pack.length);
  }
}
