package dev.hangar.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import java.util.Optional;

/**
 * Encodes chunks for storage in a pack (zstd, or raw when zstd does not make them smaller) and
 * decodes them back, checking length and SHA-256 so that no unverified byte ever leaves the store.
 */
final class ChunkCodec {

  /**
   * zstd level 1: measured (BENCHMARKS.md) at about twice the speed of level 3 for a few percent
   * more stored bytes, which keeps compression from dominating the publish pipeline.
   */
  static final int LEVEL = 1;

  /** One compression context per thread: creating a context per chunk costs more than level 1. */
  private static final ThreadLocal<ZstdCompressCtx> CONTEXT =
      ThreadLocal.withInitial(
          () -> {
            ZstdCompressCtx ctx = new ZstdCompressCtx();
            ctx.setLevel(LEVEL);
            ctx.setContentSize(true);
            return ctx;
          });

  /**
   * A chunk as stored: {@code bytes[0..length)} is zstd data if {@code compressed}, else the raw
   * chunk.
   */
  record Encoded(byte[] bytes, int length, int rawLength, boolean compressed) {}

  private ChunkCodec() {}

  /**
   * Returns the name of the chunk with {@code digest} in touch records: {@code
   * chunks/<hex[0..2)>/<hex>} (there is no object under that key).
   */
  static String key(Digest digest) {
    String hex = digest.hex();
    return "chunks/" + hex.substring(0, 2) + "/" + hex;
  }

  /** Returns the digest a chunk name denotes, or empty if {@code key} is not a chunk name. */
  static Optional<Digest> digestOf(String key) {
    int slash = key.lastIndexOf('/');
    try {
      Digest digest = Digest.parse(Digest.PREFIX + key.substring(slash + 1));
      return key.equals(key(digest)) ? Optional.of(digest) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Compresses {@code raw}, keeping it raw if zstd does not save at least 1/64 of it. */
  static Encoded encode(byte[] raw) {
    byte[] out = new byte[(int) Zstd.compressBound(raw.length)];
    int n = CONTEXT.get().compressByteArray(out, 0, out.length, raw, 0, raw.length);
    if (n >= raw.length - (raw.length >> 6)) {
      return new Encoded(raw, raw.length, raw.length, false);
    }
    return new Encoded(out, n, raw.length, true);
  }

  /**
   * Decodes {@code stored[offset..offset+length)} of chunk {@code digest} and returns the verified
   * raw bytes.
   *
   * @param where names the stored bytes in error messages (pack key and offset)
   * @throws CorruptChunkException if the bytes do not decode to {@code rawLength} bytes hashing to
   *     {@code digest}
   */
  static byte[] decode(
      Digest digest,
      int rawLength,
      boolean compressed,
      byte[] stored,
      int offset,
      int length,
      String where)
      throws CorruptChunkException {
    byte[] raw;
    if (!compressed) {
      if (length != rawLength) {
        throw new CorruptChunkException(
            digest, where + " holds " + length + " raw bytes, expected " + rawLength, null);
      }
      raw = java.util.Arrays.copyOfRange(stored, offset, offset + length);
    } else {
      raw = new byte[rawLength];
      long result;
      try {
        result = Zstd.decompressByteArray(raw, 0, rawLength, stored, offset, length);
      } catch (ZstdException e) {
        throw new CorruptChunkException(digest, where + " is not valid zstd: " + e.getMessage(), e);
      }
      if (Zstd.isError(result)) {
        throw new CorruptChunkException(
            digest,
            where + " does not decode to " + rawLength + " bytes: " + Zstd.getErrorName(result),
            null);
      }
      if (result != rawLength) {
        throw new CorruptChunkException(
            digest, where + " decodes to " + result + " bytes, expected " + rawLength, null);
      }
    }
    Digest actual = Digest.of(raw);
    if (!actual.equals(digest)) {
      throw new CorruptChunkException(digest, where + " holds bytes hashing to " + actual, null);
    }
    return raw;
  }
}
