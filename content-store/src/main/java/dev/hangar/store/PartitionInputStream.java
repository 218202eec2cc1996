package dev.hangar.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * Streams bytes {@code [offset, offset + length)} of a partition, fetching and verifying chunks
 * with up to {@code prefetch} of the following chunks loading in parallel (so at most {@code
 * prefetch + 1} decoded chunks are held), and synthesising zero runs. A read of the whole partition
 * also checks the partition digest at the end, so a manifest that disagrees with its own digest is
 * reported instead of silently accepted.
 */
final class PartitionInputStream extends java.io.InputStream {

  private record Pending(int extent, Future<byte[]> bytes) {}

  private final ChunkIndex chunkIndex;
  private final PartitionManifest manifest;
  private final List<ChunkRef> extents;
  private final int prefetch;
  private final Executor executor;
  private final MessageDigest whole;
  private final Deque<Pending> ahead = new ArrayDeque<>();
  private final int endExtent;
  private int nextExtent;
  private int scheduled;
  private long skip;
  private long remaining;
  private byte[] current = new byte[0];
  private int position;
  private long zerosLeft;
  private boolean finished;
  private boolean closed;

  PartitionInputStream(
      ChunkIndex index,
      PartitionManifest manifest,
      long offset,
      long length,
      int prefetch,
      Executor executor) {
    this.chunkIndex = Objects.requireNonNull(index, "index");
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (offset < 0 || length < 0 || prefetch < 0) {
      throw new IllegalArgumentException(
          "negative offset, length or prefetch: " + offset + ", " + length + ", " + prefetch);
    }
    this.extents = manifest.chunks();
    this.prefetch = prefetch;
    long start = Math.min(offset, manifest.size());
    this.remaining = Math.min(length, manifest.size() - start);
    this.whole = start == 0 && remaining == manifest.size() ? Digest.newSha256() : null;
    this.nextExtent = remaining == 0 ? extents.size() : extentAt(start);
    this.endExtent = remaining == 0 ? extents.size() : extentAt(start + remaining - 1) + 1;
    this.scheduled = nextExtent;
    this.skip = remaining == 0 ? 0 : start - extents.get(nextExtent).offset();
  }

  /** Returns the index of the extent containing partition byte {@code at}. */
  private int extentAt(long at) {
    int low = 0;
    int high = extents.size() - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (extents.get(mid).offset() <= at) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
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
      n = (int) Math.min(Math.min(count, zerosLeft), remaining);
      Arrays.fill(buffer, offset, offset + n, (byte) 0);
      zerosLeft -= n;
    } else {
      n = (int) Math.min(Math.min(count, current.length - position), remaining);
      System.arraycopy(current, position, buffer, offset, n);
      position += n;
    }
    remaining -= n;
    if (whole != null) {
      whole.update(buffer, offset, n);
    }
    return n;
  }

  @Override
  public void close() {
    closed = true;
    current = new byte[0];
    for (Pending pending : ahead) {
      pending.bytes().cancel(true);
    }
    ahead.clear();
  }

  /** Moves to the next extent if the current one is used up; returns false at the end. */
  private boolean advanceIfExhausted() throws IOException {
    while (remaining > 0 && zerosLeft == 0 && position == current.length) {
      ChunkRef ref = extents.get(nextExtent);
      schedule();
      position = 0;
      if (ref.zero()) {
        current = new byte[0];
        zerosLeft = ref.length();
      } else {
        Pending pending = ahead.pollFirst();
        if (pending == null || pending.extent() != nextExtent) {
          throw new IllegalStateException("prefetch out of step at extent " + nextExtent);
        }
        current = await(pending.bytes());
      }
      nextExtent++;
      if (skip > 0) {
        if (ref.zero()) {
          zerosLeft -= skip;
        } else {
          position = (int) skip;
        }
        skip = 0;
      }
    }
    if (remaining == 0) {
      finish();
      return false;
    }
    return true;
  }

  /**
   * Keeps the chunk in hand plus up to {@code prefetch} following stored chunks loading. The window
   * is refilled once half of it is free, and up to a third of it of stored chunks that lie next to
   * each other in one pack are fetched with a single ranged read.
   */
  private void schedule() {
    if (prefetch > 0 && ahead.size() > (prefetch + 1) / 2) {
      return;
    }
    while (scheduled < endExtent && ahead.size() < prefetch + 1) {
      int index = scheduled++;
      ChunkRef ref = extents.get(index);
      if (ref.zero()) {
        continue;
      }
      if (prefetch == 0) { // loaded synchronously by await
        ahead.addLast(new Pending(index, CompletableFuture.completedFuture(null)));
        continue;
      }
      List<ChunkRef> group = new ArrayList<>(List.of(ref));
      List<Integer> indexes = new ArrayList<>(List.of(index));
      // Groups of at most a third of the window, so a refill still runs reads in parallel.
      int most = Math.max(1, (prefetch + 1) / 3);
      while (scheduled < endExtent
          && group.size() < most
          && ahead.size() + group.size() < prefetch + 1) {
        ChunkRef next = extents.get(scheduled);
        if (next.zero()
            || !chunkIndex.adjacent(group.get(group.size() - 1).digest(), next.digest())) {
          break;
        }
        group.add(next);
        indexes.add(scheduled++);
      }
      List<CompletableFuture<byte[]>> tasks = new ArrayList<>();
      for (int i = 0; i < group.size(); i++) {
        tasks.add(new CompletableFuture<>());
        ahead.addLast(new Pending(indexes.get(i), tasks.get(i)));
      }
      executor.execute(() -> chunkIndex.loadAll(group, tasks));
    }
  }

  private byte[] await(Future<byte[]> bytes) throws IOException {
    try {
      byte[] loaded = bytes.get();
      if (loaded == null) {
        ChunkRef ref = extents.get(nextExtent);
        return chunkIndex.load(ref.digest(), ref.length());
      }
      return loaded;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching a chunk");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException("fetching a chunk failed", e.getCause());
    }
  }

  private void finish() throws CorruptManifestException {
    if (finished || whole == null) {
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
