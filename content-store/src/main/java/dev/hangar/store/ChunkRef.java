package dev.hangar.store;

import java.util.Objects;

/**
 * One extent of a partition: either a stored chunk or a run of zero bytes that is not stored.
 *
 * @param offset position of the extent's first byte in the partition
 * @param length extent length in bytes (at most {@link ChunkerParams#MAX_CHUNK_LIMIT} for stored
 *     chunks)
 * @param digest SHA-256 of the extent's bytes (for a zero run: of {@code length} zero bytes)
 * @param zero true if the extent is all zeros and has no chunk object
 */
public record ChunkRef(long offset, int length, Digest digest, boolean zero) {

  /** Validates offset, length and digest. */
  public ChunkRef {
    Objects.requireNonNull(digest, "digest");
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException(
          "chunk extent needs offset >= 0 and length > 0, got " + offset + "+" + length);
    }
    if (!zero && length > ChunkerParams.MAX_CHUNK_LIMIT) {
      throw new IllegalArgumentException(
          "stored chunk longer than " + ChunkerParams.MAX_CHUNK_LIMIT + ": " + length);
    }
  }

  /** Returns the offset just past the extent. */
  public long end() {
    return offset + length;
  }
}
