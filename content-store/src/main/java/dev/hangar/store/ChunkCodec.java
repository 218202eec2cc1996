package dev.hangar.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Encodes chunks as stored objects (a zstd frame of the raw bytes) and decodes them back, checking
 * length and SHA-256 so that no unverified byte ever leaves the store.
 */
final class ChunkCodec {

  /** zstd level 3 (the zstd default): fast enough to keep up with SHA-256 on one core. */
  static final int LEVEL = 3;

  private ChunkCodec() {}

  /** Returns the blob key of the chunk with {@code digest}: {@code chunks/<hex[0..2)>/<hex>}. */
  static String key(Digest digest) {
    String hex = digest.hex();
    return "chunks/" + hex.substring(0, 2) + "/" + hex;
  }

  /** Returns the digest a chunk key names, or empty if {@code key} is not a chunk key. */
  static Optional<Digest> digestOf(String key) {
    int slash = key.lastIndexOf('/');
    try {
      Digest digest = Digest.parse(Digest.PREFIX + key.substring(slash + 1));
      return key.equals(key(digest)) ? Optional.of(digest) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static byte[] encode(byte[] raw) {
    return Zstd.compress(raw, LEVEL);
  }

  /**
   * Reads the chunk object of {@code digest}, expected to decode to {@code length} bytes, and
   * returns the verified raw bytes.
   *
   * @throws CorruptChunkException if the object is missing, oversized, undecodable, of the wrong
   *     length, or hashes to another digest
   * @throws BlobStoreException if the store fails for another reason (possibly retryable)
   */
  static byte[] load(BlobStore blobs, Digest digest, int length) throws CorruptChunkException {
    String key = key(digest);
    byte[] stored;
    long bound = Zstd.compressBound(length) + 1024; // tolerates other encoders' frame overhead
    try (InputStream in = blobs.get(key)) {
      stored = in.readNBytes((int) Math.min(bound, Integer.MAX_VALUE - 16));
      if (in.read() >= 0) {
        throw new CorruptChunkException(digest, key + " is larger than any encoding of it", null);
      }
    } catch (BlobNotFoundException e) {
      throw new CorruptChunkException(digest, key + " is missing", e);
    } catch (CorruptChunkException e) {
      throw e;
    } catch (IOException e) {
      throw new BlobStoreException("reading " + key + " failed: " + e.getMessage(), true, e);
    }
    return decode(digest, length, stored, key);
  }

  static byte[] decode(Digest digest, int length, byte[] stored, String key)
      throws CorruptChunkException {
    byte[] raw = new byte[length];
    long result;
    try {
      result = Zstd.decompressByteArray(raw, 0, length, stored, 0, stored.length);
    } catch (ZstdException e) {
      throw new CorruptChunkException(digest, key + " is not valid zstd: " + e.getMessage(), e);
    }
    if (Zstd.isError(result)) {
      throw new CorruptChunkException(
          digest,
          key + " does not decode to " + length + " bytes: " + Zstd.getErrorName(result),
          null);
    }
    if (result != length) {
      throw new CorruptChunkException(
          digest, key + " decodes to " + result + " bytes, expected " + length, null);
    }
    Digest actual = Digest.of(raw);
    if (!actual.equals(digest)) {
      throw new CorruptChunkException(digest, key + " holds bytes hashing to " + actual, null);
    }
    return raw;
  }
}
