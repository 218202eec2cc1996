package dev.hangar.marketplace.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Passes bytes through and tells {@code report} the running total every {@code every} bytes. */
final class CountingInputStream extends FilterInputStream {
  private final long every;
  private final LongConsumer report;
  private long count;
  private long reported;

  CountingInputStream(InputStream in, long every, LongConsumer report) {
    super(in);
    this.every = every;
    this.report = report;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  private void advance(long n) {
    count += n;
    if (count - reported >= every) {
      reported = count;
      report.accept(count);
    }
  }
}
