package dev.hangar.builder.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A read-only byte range of a file (the whole file, or an archive member) that probes read by
 * position; reads past the end return fewer bytes rather than failing.
 */
final class ImageSource implements Closeable {
  private final FileChannel channel;
  private final long offset;
  private final long length;
  private final boolean owner;

  private ImageSource(FileChannel channel, long offset, long length, boolean owner) {
    this.channel = channel;
    this.offset = offset;
    this.length = length;
    this.owner = owner;
  }

  static ImageSource open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    return new ImageSource(channel, 0, channel.size(), true);
  }

  /** Returns the sub-range {@code [from, from + len)} of this source, sharing its channel. */
  ImageSource slice(long from, long len) {
    if (from < 0 || len < 0 || from > length || len > length - from) {
      throw new IllegalArgumentException("slice outside source");
    }
    return new ImageSource(channel, offset + from, len, false);
  }

  long size() {
    return length;
  }

  long offset() {
    return offset;
  }

  FileChannel channel() {
    return channel;
  }

  /** Reads up to {@code len} bytes at {@code pos}; shorter only at the end of the source. */
  byte[] read(long pos, int len) throws IOException {
    if (pos < 0 || pos >= length || len <= 0) {
      return new byte[0];
    }
    int n = (int) Math.min(len, length - pos);
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining()) {
      int r = channel.read(buf, offset + pos + buf.position());
      if (r < 0) {
        break;
      }
    }
    return buf.position() == n ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
  }

  /** Reads exactly {@code len} bytes at {@code pos} as a buffer in {@code order}, or null. */
  ByteBuffer readFully(long pos, int len, ByteOrder order) throws IOException {
    byte[] b = read(pos, len);
    return b.length == len ? ByteBuffer.wrap(b).order(order) : null;
  }

  /** Returns whether the bytes at {@code pos} equal {@code expected}. */
  boolean matches(long pos, byte[] expected) throws IOException {
    return Arrays.equals(read(pos, expected.length), expected);
  }

  @Override
  public void close() throws IOException {
    if (owner) {
      channel.close();
    }
  }
}
