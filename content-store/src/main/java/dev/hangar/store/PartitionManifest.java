package dev.hangar.store;

import java.util.List;
import java.util.Objects;

/**
 * The recipe of a partition: its digest, its size and the extents that, concatenated in order,
 * reproduce its bytes.
 *
 * @param digest SHA-256 of the partition's raw bytes (the partition digest)
 * @param size partition length in bytes
 * @param chunks extents in offset order, contiguous from 0 to {@code size}
 */
public record PartitionManifest(Digest digest, long size, List<ChunkRef> chunks) {

  /**
   * Validates that the extents tile {@code [0, size)} exactly.
   *
   * @throws IllegalArgumentException naming the first extent that leaves a gap or overlaps
   */
  public PartitionManifest {
    Objects.requireNonNull(digest, "digest");
    chunks = List.copyOf(chunks);
    long expected = 0;
    for (int i = 0; i < chunks.size(); i++) {
      ChunkRef ref = chunks.get(i);
      if (ref.offset() != expected) {
        throw new IllegalArgumentException(
            "extent " + i + " starts at " + ref.offset() + ", expected " + expected);
      }
      expected = ref.end();
    }
    if (expected != size) {
      throw new IllegalArgumentException("extents cover " + expected + " bytes, size is " + size);
    }
  }

  /** Returns the number of bytes held in stored (non-zero) chunks. */
  public long storedBytes() {
    return chunks.stream().filter(c -> !c.zero()).mapToLong(ChunkRef::length).sum();
  }
}
