package dev.hangar.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic inputs and stream helpers shared by the store tests. */
final class TestData {

  private TestData() {}

  /** Pseudo-random bytes from a seeded {@link Random}. */
  static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  /**
   * The concatenation of SHA-256("hangar-chunker-test" || uint32_be(k)) for k = 0, 1, ...,
   * truncated to {@code size}; reproducible in any language (FORMAT.md test vector input).
   */
  static byte[] shaCounterStream(int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 32);
    byte[] label = "hangar-chunker-test".getBytes(StandardCharsets.US_ASCII);
    for (int k = 0; out.size() < size; k++) {
      MessageDigest sha = Digest.newSha256();
      sha.update(label);
      sha.update(ByteBuffer.allocate(4).putInt(k).array());
      out.writeBytes(sha.digest());
    }
    byte[] all = out.toByteArray();
    return java.util.Arrays.copyOf(all, size);
  }

  /** Wraps {@code data} in a stream whose reads return few, randomly sized pieces. */
  static InputStream trickle(byte[] data, long seed) {
    Random random = new Random(seed);
    return new InputStream() {
      private int position;

      @Override
      public int read() {
        return position < data.length ? data[position++] & 0xff : -1;
      }

      @Override
      public int read(byte[] buffer, int offset, int count) {
        if (position >= data.length) {
          return -1;
        }
        int n = Math.min(Math.min(count, 1 + random.nextInt(5000)), data.length - position);
        System.arraycopy(data, position, buffer, offset, n);
        position += n;
        return n;
      }
    };
  }

  /** Returns the lengths of all chunks the chunker cuts from {@code in}. */
  static List<Integer> chunkLengths(FastCdcChunker chunker, InputStream in) throws IOException {
    List<Integer> lengths = new ArrayList<>();
    FastCdcChunker.Reader reader = chunker.open(in);
    for (var chunk = reader.next(); chunk.isPresent(); chunk = reader.next()) {
      lengths.add(chunk.get().length());
    }
    return lengths;
  }
}
