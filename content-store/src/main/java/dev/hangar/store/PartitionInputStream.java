package dev.hangar.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streams a partition by fetching and verifying one chunk at a time and synthesising zero runs; at
 * the end it also checks the partition digest, so a manifest that disagrees with its own digest is
 * reported instead of silently accepted.
 */
final class PartitionInputStream extends InputStream {

  private final BlobStore blobs;
  private final PartitionManifest manifest;
  private final MessageDigest whole = Digest.newSha256();
  private int nextExtent;
  private byte[] current = new byte[0];
  private int position;
  private long zerosLeft;
  private boolean finished;
  private boolean closed;

  PartitionInputStream(BlobStore blobs, PartitionManifest manifest) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.manifest = Objects.requireNonNull(manifest, "manifest");
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) throws IOException {
    Objects.checkFromIndexSize(offset, count, buffer.length);
    if (closed) {
      throw new IOException("stream closed");
    }
    if (count == 0) {
      return 0;
    }
    if (!advanceIfExhausted()) {
      return -1;
    }
    int n;
    if (zerosLeft > 0) {
      n = (int) Math.min(count, zerosLeft);
      Arrays.fill(buffer, offset, offset + n, (byte) 0);
      zerosLeft -= n;
    } else {
      n = Math.min(count, current.length - position);
      System.arraycopy(current, position, buffer, offset, n);
      position += n;
    }
    whole.update(buffer, offset, n);
    return n;
  }

  @Override
  public void close() {
    closed = true;
    current = new byte[0];
  }

  /** Moves to the next extent if the current one is used up; returns false at the end. */
  private boolean advanceIfExhausted() throws IOException {
    while (zerosLeft == 0 && position == current.length) {
      if (nextExtent == manifest.chunks().size()) {
        finish();
        return false;
      }
      ChunkRef ref = manifest.chunks().get(nextExtent++);
      position = 0;
      if (ref.zero()) {
        current = new byte[0];
        zerosLeft = ref.length();
      } else {
        current = ChunkCodec.load(blobs, ref.digest(), ref.length());
      }
    }
    return true;
  }

  private void finish() throws CorruptManifestException {
    if (finished) {
      return;
    }
    finished = true;
    Digest actual = Digest.finish(whole);
    if (!actual.equals(manifest.digest())) {
      throw new CorruptManifestException(
          "partition " + manifest.digest() + " reassembled to bytes hashing to " + actual, null);
    }
  }
}
