package dev.hangar.store;

/**
 * Size bounds of content-defined chunks, in bytes.
 *
 * <p>Every chunk except the last of a stream is at least {@code min} and at most {@code max} bytes
 * long; sizes cluster around {@code avg}, which must be a power of two because it determines the
 * number of hash bits the chunker tests.
 *
 * @param min smallest chunk (except a stream's last chunk)
 * @param avg target average chunk size, a power of two
 * @param max largest chunk
 */
public record ChunkerParams(int min, int avg, int max) {

  /** Largest {@code max} allowed; also the largest chunk a manifest may reference. */
  public static final int MAX_CHUNK_LIMIT = 8 * 1024 * 1024;

  /** Validates {@code 64 <= min < avg < max <= 8 MiB}, with {@code avg} a power of two. */
  public ChunkerParams {
    if (min < 64 || min >= avg || avg >= max || max > MAX_CHUNK_LIMIT) {
      throw new IllegalArgumentException(
          "need 64 <= min < avg < max <= " + MAX_CHUNK_LIMIT + ", got " + this);
    }
    if (Integer.bitCount(avg) != 1 || avg < 256) {
      throw new IllegalArgumentException("avg must be a power of two >= 256, got " + avg);
    }
  }

  /**
   * Returns the current defaults: 8 KiB / 32 KiB / 128 KiB. With chunks packed, a chunk costs an
   * index entry rather than an object, and on ext4 images these dedup about 8 % better than
   * 16/64/256 KiB (BENCHMARKS.md, "Content store", chunk-size table).
   */
  public static ChunkerParams defaults() {
    return new ChunkerParams(8 * 1024, 32 * 1024, 128 * 1024);
  }

  @Override
  public String toString() {
    return "ChunkerParams[min=" + min + ", avg=" + avg + ", max=" + max + "]";
  }
}
