package dev.hangar.store;

import java.util.Objects;

/**
 * Where one chunk lies inside a pack: one entry of a pack index (FORMAT.md, "Pack index").
 *
 * @param digest SHA-256 of the chunk's raw bytes
 * @param offset position of the stored bytes in the pack
 * @param length number of stored bytes (compressed, or raw when {@code compressed} is false)
 * @param rawLength length of the raw chunk
 * @param compressed true if the stored bytes are zstd data, false if they are the raw chunk
 */
record PackEntry(Digest digest, long offset, int length, int rawLength, boolean compressed) {

  PackEntry {
    Objects.requireNonNull(digest, "digest");
    if (offset < 0 || length <= 0 || rawLength <= 0 || rawLength > ChunkerParams.MAX_CHUNK_LIMIT) {
      throw new IllegalArgumentException(
          "invalid pack entry " + digest + " at " + offset + "+" + length + " raw " + rawLength);
    }
    if (!compressed && length != rawLength) {
      throw new IllegalArgumentException(
          "uncompressed entry " + digest + " must store " + rawLength + " bytes, not " + length);
    }
  }

  /** Returns the offset just past the stored bytes. */
  long end() {
    return offset + length;
  }
}
