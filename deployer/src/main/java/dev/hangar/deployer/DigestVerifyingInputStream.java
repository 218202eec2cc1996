package dev.hangar.deployer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes content through while hashing it. It never reads more than one byte beyond the declared
 * size from its source and fails that read at once ("endless data": a source must not be able to
 * fill the node's disk), and it fails the read that reaches end of stream if fewer bytes arrived or
 * the SHA-256 differs, so a consumer can never finish with corrupt content.
 */
final class DigestVerifyingInputStream extends FilterInputStream {
  private final MessageDigest digest;
  private final String expectedHex;
  private final long size;
  private long count;
  private String actualHex;

  DigestVerifyingInputStream(InputStream in, String expectedHex, long size) {
    super(in);
    this.expectedHex = expectedHex;
    if (size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
    this.size = size;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    // One byte beyond the declared size is enough to know the source is too long.
    int want = (int) Math.min(length, size - count + 1);
    int n = super.read(buffer, offset, want);
    if (n == -1) {
      verify();
      return -1;
    }
    if (count + n > size) {
      throw new ContentTooLongException(expectedHex, size);
    }
    digest.update(buffer, offset, n);
    count += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skipping would bypass digest verification");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void verify() throws IOException {
    if (count != size) {
      throw new IOException(
          "content sha256 " + expectedHex + " ended after " + count + " of " + size + " bytes");
    }
    if (actualHex == null) {
      actualHex = HexFormat.of().formatHex(digest.digest());
    }
    if (!actualHex.equals(expectedHex)) {
      throw new ContentDigestMismatchException(expectedHex, actualHex);
    }
  }

  /** The content's SHA-256 is not the one it was requested by. */
  static final class ContentDigestMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    ContentDigestMismatchException(String expected, String actual) {
      super("content digest mismatch: expected sha256 " + expected + ", got " + actual);
    }
  }

  /** The source delivered more bytes than the size the content was declared with. */
  static final class ContentTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    ContentTooLongException(String expected, long size) {
      super(
          "endless data: content sha256 "
              + expected
              + " delivered more than its declared "
              + size
              + " bytes");
    }
  }
}
