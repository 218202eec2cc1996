package dev.hangar.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The publish pipeline: chunks a stream, hashes, compresses and uploads new chunks on worker
 * threads, touches the chunks it found already stored, and returns the (not yet committed)
 * manifest.
 */
final class PartitionWriter {

  /** Zero runs are merged up to this length so sparse images need few manifest entries. */
  static final int MAX_ZERO_RUN = 1 << 30;

  /**
   * Chunk tasks mostly wait for the blob store, so at least this many run at once; CPU use is still
   * bounded by the number of cores.
   */
  static final int MIN_THREADS = 8;

  /** Deduplicated chunks are touched in records of at most this many keys while uploading. */
  static final int TOUCH_BATCH = 1024;

  /**
   * An uploaded partition before its commit.
   *
   * @param manifest the manifest to commit
   * @param deduplicated chunks found already stored (the commit re-checks that they still are)
   */
  record Written(PartitionManifest manifest, List<Digest> deduplicated) {}

  private final Liveness liveness;
  private final FastCdcChunker chunker;
  private final int workers;

  PartitionWriter(Liveness liveness, FastCdcChunker chunker, int workers) {
    this.liveness = Objects.requireNonNull(liveness, "liveness");
    this.chunker = Objects.requireNonNull(chunker, "chunker");
    if (workers < 1) {
      throw new IllegalArgumentException("need at least one worker, got " + workers);
    }
    this.workers = workers;
  }

  /**
   * Stores every chunk of {@code raw} under {@code lease} (renewed as needed) and returns the
   * manifest describing it; memory stays bounded at about {@code 3 * workers} chunks.
   */
  Written write(InputStream raw, Lease lease) throws IOException {
    int threads = Math.max(workers, MIN_THREADS);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "content-store-put");
              thread.setDaemon(true);
              return thread;
            });
    try {
      return write(raw, lease, pool, new Semaphore(2 * threads));
    } finally {
      pool.shutdownNow();
    }
  }

  private Written write(InputStream raw, Lease lease, ExecutorService pool, Semaphore slots)
      throws IOException {
    MessageDigest whole = Digest.newSha256();
    Set<Digest> claimed = ConcurrentHashMap.newKeySet();
    Queue<Digest> hits = new ConcurrentLinkedQueue<>();
    List<Digest> deduplicated = new ArrayList<>();
    List<Digest> untouched = new ArrayList<>();
    Deque<Future<ChunkRef>> pending = new ArrayDeque<>();
    List<ChunkRef> refs = new ArrayList<>();
    ZeroRun run = null;
    long size = 0;
    FastCdcChunker.Reader reader = chunker.open(raw);
    for (Optional<Chunk> next = reader.next(); next.isPresent(); next = reader.next()) {
      lease.renewIfDue();
      Chunk chunk = next.get();
      whole.update(chunk.data());
      size += chunk.length();
      if (isAllZero(chunk.data())) {
        if (run != null && (long) run.length + chunk.length() > MAX_ZERO_RUN) {
          pending.add(CompletableFuture.completedFuture(run.toRef()));
          run = null;
        }
        if (run == null) {
          run = new ZeroRun(chunk.offset());
        }
        run.add(chunk.data());
        continue;
      }
      if (run != null) {
        pending.add(CompletableFuture.completedFuture(run.toRef()));
        run = null;
      }
      acquire(slots);
      pending.add(
          pool.submit(
              () -> {
                try {
                  return storeChunk(chunk, claimed, hits);
                } finally {
                  slots.release();
                }
              }));
      collectFinished(pending, refs, false);
      touchDeduplicated(hits, deduplicated, untouched, false);
    }
    if (run != null) {
      pending.add(CompletableFuture.completedFuture(run.toRef()));
    }
    collectFinished(pending, refs, true);
    touchDeduplicated(hits, deduplicated, untouched, true);
    return new Written(new PartitionManifest(Digest.finish(whole), size, refs), deduplicated);
  }

  /**
   * Moves new dedup hits to {@code untouched} and writes a touch record once a batch is full, so a
   * long upload refreshes old chunks early instead of only at its commit.
   */
  private void touchDeduplicated(
      Queue<Digest> hits, List<Digest> deduplicated, List<Digest> untouched, boolean last) {
    for (Digest hit = hits.poll(); hit != null; hit = hits.poll()) {
      deduplicated.add(hit);
      untouched.add(hit);
    }
    if (!last && untouched.size() >= TOUCH_BATCH) {
      liveness.touch(untouched.stream().map(ChunkCodec::key).toList());
      untouched.clear();
    }
  }

  private ChunkRef storeChunk(Chunk chunk, Set<Digest> claimed, Queue<Digest> hits) {
    Digest digest = Digest.of(chunk.data());
    // Only the first occurrence within this upload pays for the check and upload.
    if (claimed.add(digest) && !storeIfAbsent(liveness.blobs(), digest, chunk.data())) {
      hits.add(digest);
    }
    return new ChunkRef(chunk.offset(), chunk.length(), digest, false);
  }

  /**
   * Uploads the chunk unless present and returns true if it did. A new chunk needs no touch: the
   * collector dates an unreferenced object it has not seen touched from when it first sees it.
   */
  static boolean storeIfAbsent(BlobStore blobs, Digest digest, byte[] raw) {
    String key = ChunkCodec.key(digest);
    if (blobs.stat(key).isPresent()) {
      return false;
    }
    byte[] encoded = ChunkCodec.encode(raw);
    blobs.put(key, new ByteArrayInputStream(encoded), encoded.length);
    return true;
  }

  private static void collectFinished(
      Deque<Future<ChunkRef>> pending, List<ChunkRef> refs, boolean all) throws IOException {
    while (!pending.isEmpty() && (all || pending.peekFirst().isDone())) {
      try {
        refs.add(pending.pollFirst().get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while storing chunks");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new IOException("storing a chunk failed", e.getCause());
      }
    }
  }

  private static void acquire(Semaphore slots) throws InterruptedIOException {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a chunk worker");
    }
  }

  static boolean isAllZero(byte[] data) {
    for (byte b : data) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** A growing run of zero chunks, hashed as it grows. */
  private static final class ZeroRun {
    private final long offset;
    private final MessageDigest sha = Digest.newSha256();
    private int length;

    ZeroRun(long offset) {
      this.offset = offset;
    }

    void add(byte[] zeros) {
      sha.update(zeros);
      length += zeros.length;
    }

    ChunkRef toRef() {
      return new ChunkRef(offset, length, Digest.finish(sha), true);
    }
  }
}
