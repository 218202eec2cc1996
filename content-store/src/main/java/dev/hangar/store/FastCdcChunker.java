package dev.hangar.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Splits a byte stream into content-defined chunks with FastCDC (Xia et al., 2016/2020): a gear
 * rolling hash with normalized chunking (level 2), so that an insertion or deletion changes only
 * the chunks around it.
 *
 * <p>Cut rule, for the bytes {@code b[0..n)} that follow the previous cut ({@code n} = bytes left
 * in the stream, all arithmetic on unsigned 64-bit integers modulo 2^64): if {@code n <= min} the
 * chunk is all {@code n} bytes. Otherwise let {@code limit = min(n, max)}, {@code normal = min(avg,
 * limit)}, {@code bits = log2(avg)}, {@code maskS} = the top {@code bits + 2} bits set, {@code
 * maskL} = the top {@code bits - 2} bits set, {@code fp = 0}. For {@code i = min .. limit - 1}:
 * {@code fp = (fp << 1) + GEAR[b[i]]}; if {@code (fp & (i < normal ? maskS : maskL)) == 0} the
 * chunk is {@code i + 1} bytes. If no index matches, the chunk is {@code limit} bytes.
 *
 * <p>{@code GEAR[k]} (k = 0..255) is the big-endian unsigned 64-bit integer formed by the first 8
 * bytes of SHA-256 of the ASCII string {@value #GEAR_SEED} followed by the single byte {@code k}.
 *
 * <p>Memory is bounded: a reader buffers at most {@code max(4 * max, 1 MiB)} bytes of the input.
 */
public final class FastCdcChunker {

  /** Seed string of the gear table derivation; changing it changes every chunk boundary. */
  public static final String GEAR_SEED = "hangar-fastcdc-gear-v1";

  private static final long[] GEAR = deriveGear();

  private static final byte[] ZEROS = new byte[64 * 1024];

  private final ChunkerParams params;
  private final long maskS;
  private final long maskL;

  /** Where the cut rule cuts {@code max} zero bytes; lets {@link #cut} skip the loop on zeros. */
  private final int zeroCut;

  /** Creates a chunker with the given size bounds. */
  public FastCdcChunker(ChunkerParams params) {
    this.params = Objects.requireNonNull(params, "params");
    int bits = Integer.numberOfTrailingZeros(params.avg());
    this.maskS = topBits(bits + 2);
    this.maskL = topBits(bits - 2);
    this.zeroCut = gearCut(new byte[params.max()], 0, params.max());
  }

  /** Returns the size bounds. */
  public ChunkerParams params() {
    return params;
  }

  /** Returns a copy of the 256-entry gear table. */
  public static long[] gearTable() {
    return GEAR.clone();
  }

  /** Starts chunking {@code in}; the reader does not close it. */
  public Reader open(InputStream in) {
    return new Reader(Objects.requireNonNull(in, "in"));
  }

  /**
   * Returns the length of the chunk starting at {@code data[from]}, given that {@code n} bytes are
   * available from there and that they are all the stream has left if {@code n < max}.
   *
   * <p>Normative definition: bytes before index {@code min} are not hashed; the strict mask (top
   * {@code log2(avg) + 2} bits) applies while the candidate length {@code i + 1} is at most {@code
   * normal}, the loose mask (top {@code log2(avg) - 2} bits) after that.
   */
  int cut(byte[] data, int from, int n) {
    // The cut depends only on bytes min .. cut-1: if those are zeros and a full max is available,
    // the rule cuts where it cuts max zeros (found once in the constructor), without the loop.
    if (n >= params.max() && isAllZero(data, from + params.min(), from + zeroCut)) {
      return zeroCut;
    }
    return gearCut(data, from, n);
  }

  /** The cut rule itself (see {@link #cut}). */
  int gearCut(byte[] data, int from, int n) {
    int min = params.min();
    if (n <= min) {
      return n;
    }
    int limit = Math.min(n, params.max());
    int normal = Math.min(params.avg(), limit);
    // Absolute indexes, checked once here, so the loops below need no per-byte bounds checks
    // beyond what the JIT can hoist; the gear index is masked to 0..255.
    Objects.checkFromIndexSize(from, limit, data.length);
    long[] gear = GEAR;
    long fp = 0;
    int i = from + min;
    int end = from + normal;
    long mask = maskS;
    for (; i < end; i++) {
      fp = (fp << 1) + gear[data[i] & 0xff];
      if ((fp & mask) == 0) {
        return i + 1 - from;
      }
    }
    end = from + limit;
    mask = maskL;
    for (; i < end; i++) {
      fp = (fp << 1) + gear[data[i] & 0xff];
      if ((fp & mask) == 0) {
        return i + 1 - from;
      }
    }
    return limit;
  }

  /** Returns true if {@code data[from..to)} are all zero (vectorised comparison in blocks). */
  static boolean isAllZero(byte[] data, int from, int to) {
    for (int i = from; i < to; i += ZEROS.length) {
      int n = Math.min(ZEROS.length, to - i);
      if (!Arrays.equals(data, i, i + n, ZEROS, 0, n)) {
        return false;
      }
    }
    return true;
  }

  private static long topBits(int count) {
    return -1L << (64 - count);
  }

  private static long[] deriveGear() {
    long[] gear = new long[256];
    byte[] seed = GEAR_SEED.getBytes(StandardCharsets.US_ASCII);
    for (int k = 0; k < 256; k++) {
      MessageDigest sha = Digest.newSha256();
      sha.update(seed);
      sha.update((byte) k);
      gear[k] = ByteBuffer.wrap(sha.digest()).getLong(); // big-endian
    }
    return gear;
  }

  /**
   * Yields successive chunks of one stream; not thread-safe. Reads into a buffer of several {@code
   * max} bytes and compacts it only when less than {@code max} is left, so each input byte is
   * copied about once more (into its chunk) rather than shifted per chunk.
   */
  public final class Reader {

    private final InputStream in;
    private final byte[] buffer = new byte[Math.max(4 * params.max(), 1 << 20)];
    private int start;
    private int filled;
    private boolean eof;
    private long offset;

    private Reader(InputStream in) {
      this.in = in;
    }

    /** Returns the next chunk, or empty once the stream is exhausted. */
    public Optional<Chunk> next() throws IOException {
      if (filled - start < params.max()) {
        fill();
      }
      int available = filled - start;
      if (available == 0) {
        return Optional.empty();
      }
      int length = cut(buffer, start, available);
      byte[] data = Arrays.copyOfRange(buffer, start, start + length);
      start += length;
      Chunk chunk = new Chunk(offset, data);
      offset += length;
      return Optional.of(chunk);
    }

    private void fill() throws IOException {
      if (start > 0) {
        System.arraycopy(buffer, start, buffer, 0, filled - start);
        filled -= start;
        start = 0;
      }
      while (!eof && filled < buffer.length) {
        int n = in.read(buffer, filled, buffer.length - filled);
        if (n < 0) {
          eof = true;
        } else {
          filled += n;
        }
      }
    }
  }
}
