package dev.hangar.deployer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes content through while hashing it, and fails the read that reaches end of stream if the
 * SHA-256 differs from the expected one, so a consumer can never finish with corrupt content.
 */
final class DigestVerifyingInputStream extends FilterInputStream {
  private final MessageDigest digest;
  private final String expectedHex;
  private String actualHex;

  DigestVerifyingInputStream(InputStream in, String expectedHex) {
    super(in);
    this.expectedHex = expectedHex;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b == -1) {
      verify();
    } else {
      digest.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n == -1) {
      verify();
    } else {
      digest.update(buffer, offset, n);
    }
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
}
