package dev.hangar.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Yields exactly the first {@code length} bytes of a source stream and fails with {@link
 * EOFException} if the source ends earlier; records whether the source itself failed so that blob
 * stores can tell caller-side faults (not retryable) from storage faults.
 */
final class ExactLengthInputStream extends InputStream {

  private final InputStream source;
  private final long length;
  private long consumed;
  private IOException sourceFailure;

  ExactLengthInputStream(InputStream source, long length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    this.source = source;
    this.length = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) throws IOException {
    if (count == 0) {
      return 0;
    }
    long remaining = length - consumed;
    if (remaining == 0) {
      return -1;
    }
    int n;
    try {
      n = source.read(buffer, offset, (int) Math.min(count, remaining));
    } catch (IOException e) {
      sourceFailure = e;
      throw e;
    }
    if (n < 0) {
      sourceFailure =
          new EOFException("data stream ended after " + consumed + " of " + length + " bytes");
      throw sourceFailure;
    }
    consumed += n;
    return n;
  }

  /** Returns the failure raised by the source stream (including a premature end), if any. */
  IOException sourceFailure() {
    return sourceFailure;
  }

  /** Returns the number of bytes delivered so far. */
  long consumed() {
    return consumed;
  }

  @Override
  public void close() {
    // The caller owns the source stream.
  }
}
