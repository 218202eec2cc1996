package dev.hangar.store.trust;

import dev.hangar.store.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Passes through the bytes of an untrusted source while hashing them, failing with {@link
 * EndlessDataException} the moment more than {@code limit} bytes arrive (so a malicious mirror
 * cannot fill the disk) and with {@link ContentMismatchException} at end of data if the SHA-256
 * differs from the expected digest or, when an exact size is required, fewer bytes arrived.
 *
 * <p>Callers must not act on the bytes before reading to EOF without an exception. Closing the
 * stream closes the source. Mark/reset are unsupported, and skip reads (so skipped bytes are
 * hashed).
 */
public final class LimitedVerifyingInputStream extends FilterInputStream {

  private final Digest expected;
  private final long limit;
  private final boolean exact;
  private final MessageDigest sha256 = Digest.newSha256();
  private long count;
  private boolean verified;

  /**
   * Wraps {@code source}.
   *
   * @param source the untrusted bytes
   * @param expected their required SHA-256
   * @param limit the largest number of bytes accepted
   * @param exact whether exactly {@code limit} bytes are required
   */
  public LimitedVerifyingInputStream(
      InputStream source, Digest expected, long limit, boolean exact) {
    super(Objects.requireNonNull(source, "source"));
    this.expected = Objects.requireNonNull(expected, "expected");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0");
    }
    this.limit = limit;
    this.exact = exact;
  }

  /** Returns the number of bytes delivered so far. */
  public long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    // Ask for one byte beyond the limit so that an overlong source is noticed immediately.
    int want = (int) Math.min(length, Math.max(1, limit - count + 1));
    int n = in.read(buffer, offset, want);
    if (n < 0) {
      finish();
      return -1;
    }
    if (count + n > limit) {
      throw new EndlessDataException(
          "source delivered more than the " + limit + " bytes its manifest allows");
    }
    sha256.update(buffer, offset, n);
    count += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void finish() throws ContentMismatchException {
    if (verified) {
      return;
    }
    if (exact && count != limit) {
      throw new ContentMismatchException("expected " + limit + " bytes, got " + count);
    }
    Digest actual = Digest.finish(sha256);
    if (!actual.equals(expected)) {
      throw new ContentMismatchException("expected " + expected + ", got " + actual);
    }
    verified = true;
  }
}
