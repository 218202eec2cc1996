package dev.hangar.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The publish pipeline: chunks a stream (on the caller's thread), hashes the whole partition on a
 * thread of its own, hashes and compresses chunks on worker threads, appends new chunks to packs in
 * stream order and uploads sealed packs in the background, and returns the (not yet committed)
 * manifest. Dedup decisions use the {@link ChunkIndex}, so known chunks cost no request.
 */
final class PartitionWriter {

  /** Zero runs are merged up to this length so sparse images need few manifest entries. */
  static final int MAX_ZERO_RUN = 1 << 30;

  /** Deduplicated chunks are touched in records of at most this many keys while uploading. */
  static final int TOUCH_BATCH = 1024;

  /** Sealed packs being uploaded at once; each holds up to the pack target in memory. */
  static final int UPLOADS = 2;

  /**
   * An uploaded partition before its commit.
   *
   * @param manifest the manifest to commit
   * @param deduplicated chunks found already stored (the commit re-checks that they still are)
   * @param packs the packs this upload wrote (the commit's touch record names them)
   */
  record Written(PartitionManifest manifest, List<Digest> deduplicated, List<String> packs) {}

  /** What a worker found out about one chunk: its reference and, if new, its encoding. */
  private record Stored(ChunkRef ref, ChunkCodec.Encoded encoded, boolean hit) {}

  private final Liveness liveness;
  private final ChunkIndex index;
  private final FastCdcChunker chunker;
  private final int workers;
  private final int packTarget;

  PartitionWriter(
      Liveness liveness, ChunkIndex index, FastCdcChunker chunker, int workers, int packTarget) {
    this.liveness = Objects.requireNonNull(liveness, "liveness");
    this.index = Objects.requireNonNull(index, "index");
    this.chunker = Objects.requireNonNull(chunker, "chunker");
    if (workers < 1) {
      throw new IllegalArgumentException("need at least one worker, got " + workers);
    }
    this.workers = workers;
    this.packTarget = packTarget;
  }

  /**
   * Stores every new chunk of {@code raw} under {@code lease} (renewed as needed) and returns the
   * manifest describing it; memory stays bounded at about {@code 4 * workers} chunks plus {@value
   * #UPLOADS} + 1 packs.
   */
  Written write(InputStream raw, Lease lease) throws IOException {
    index.ensureLoaded();
    ExecutorService pool =
        Executors.newFixedThreadPool(workers + UPLOADS + 1, PartitionWriter::thread);
    try {
      return new Run(lease, pool).write(raw);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Thread thread(Runnable task) {
    Thread thread = new Thread(task, "content-store-put");
    thread.setDaemon(true);
    return thread;
  }

  /** The state of one upload. */
  private final class Run {
    private final Lease lease;
    private final ExecutorService pool;
    private final Semaphore slots = new Semaphore(4 * workers);
    private final Semaphore uploadSlots = new Semaphore(UPLOADS);
    private final Semaphore hashSlots = new Semaphore(4 * workers);
    private final Deque<Future<Stored>> pending = new ArrayDeque<>();
    private final Deque<Future<String>> uploads = new ArrayDeque<>();
    private final List<ChunkRef> refs = new ArrayList<>();
    private final Set<Digest> seen = new HashSet<>();
    private final List<Digest> deduplicated = new ArrayList<>();
    private final List<Digest> untouched = new ArrayList<>();
    private final List<String> packs = new ArrayList<>();
    private final PackBuilder pack = new PackBuilder(packTarget);

    Run(Lease lease, ExecutorService pool) {
      this.lease = lease;
      this.pool = pool;
    }

    Written write(InputStream raw) throws IOException {
      // The partition digest is one sequential SHA-256 pass; it gets a thread of its own.
      MessageDigest whole = Digest.newSha256();
      ExecutorService hasher = Executors.newSingleThreadExecutor(PartitionWriter::thread);
      Future<?> hashed = CompletableFuture.completedFuture(null);
      try {
        ZeroRun run = null;
        long size = 0;
        FastCdcChunker.Reader reader = chunker.open(raw);
        for (Optional<Chunk> next = reader.next(); next.isPresent(); next = reader.next()) {
          lease.renewIfDue();
          Chunk chunk = next.get();
          acquire(hashSlots);
          hashed =
              hasher.submit(
                  () -> {
                    try {
                      whole.update(chunk.data());
                    } finally {
                      hashSlots.release();
                    }
                  });
          size += chunk.length();
          if (isAllZero(chunk.data())) {
            if (run != null && (long) run.length + chunk.length() > MAX_ZERO_RUN) {
              pending.add(pool.submit(run.toRef()));
              run = null;
            }
            if (run == null) {
              run = new ZeroRun(chunk.offset());
            }
            run.add(chunk.data());
            continue;
          }
          if (run != null) {
            pending.add(pool.submit(run.toRef()));
            run = null;
          }
          acquire(slots);
          pending.add(
              pool.submit(
                  () -> {
                    try {
                      return examine(chunk);
                    } finally {
                      slots.release();
                    }
                  }));
          collect(false);
        }
        if (run != null) {
          pending.add(pool.submit(run.toRef()));
        }
        collect(true);
        if (!pack.isEmpty()) {
          upload();
        }
        while (!uploads.isEmpty()) {
          packs.add(await(uploads.pollFirst()));
        }
        await(hashed);
        return new Written(
            new PartitionManifest(Digest.finish(whole), size, refs), deduplicated, packs);
      } finally {
        hasher.shutdownNow();
      }
    }

    /** Hashes a chunk and, unless the index already has it, compresses it (worker thread). */
    private Stored examine(Chunk chunk) {
      Digest digest = Digest.of(chunk.data());
      ChunkRef ref = new ChunkRef(chunk.offset(), chunk.length(), digest, false);
      if (index.contains(digest)) {
        return new Stored(ref, null, true);
      }
      return new Stored(ref, ChunkCodec.encode(chunk.data()), false);
    }

    /** Takes finished chunks in stream order into the manifest and the open pack. */
    private void collect(boolean all) throws IOException {
      while (!pending.isEmpty() && (all || pending.peekFirst().isDone())) {
        Stored stored = await(pending.pollFirst());
        refs.add(stored.ref());
        if (stored.ref().zero() || !seen.add(stored.ref().digest())) {
          continue; // only the first occurrence within this upload is stored or touched
        }
        if (stored.hit()) {
          deduplicated.add(stored.ref().digest());
          untouched.add(stored.ref().digest());
          if (untouched.size() >= TOUCH_BATCH) {
            // A long upload refreshes old chunks early instead of only at its commit.
            liveness.touch(untouched.stream().map(ChunkCodec::key).toList());
            untouched.clear();
          }
        } else {
          pack.add(stored.ref().digest(), stored.encoded());
          if (pack.full()) {
            upload();
          }
        }
      }
      while (!uploads.isEmpty() && uploads.peekFirst().isDone()) {
        packs.add(await(uploads.pollFirst()));
      }
    }

    /** Seals the open pack and uploads it in the background (at most {@value #UPLOADS} at once). */
    private void upload() throws IOException {
      PackBuilder.Sealed sealed = pack.seal();
      acquire(uploadSlots);
      uploads.add(
          pool.submit(
              () -> {
                try {
                  Packs.write(liveness.blobs(), sealed);
                  index.add(sealed.id(), sealed.entries());
                  return Packs.packKey(sealed.id());
                } finally {
                  uploadSlots.release();
                }
              }));
    }
  }

  private static <T> T await(Future<T> future) throws IOException {
    try {
      return future.get();
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

  private static void acquire(Semaphore slots) throws InterruptedIOException {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a chunk worker");
    }
  }

  static boolean isAllZero(byte[] data) {
    return FastCdcChunker.isAllZero(data, 0, data.length);
  }

  private static final byte[] ZERO_BLOCK = new byte[1 << 20];
  private static final Map<Integer, Digest> ZERO_DIGESTS = new ConcurrentHashMap<>();

  /** Returns the digest of {@code length} zero bytes (cached: runs of the same length recur). */
  static Digest zeroDigest(int length) {
    Digest known = ZERO_DIGESTS.get(length);
    if (known != null) {
      return known;
    }
    MessageDigest sha = Digest.newSha256();
    for (int left = length; left > 0; left -= ZERO_BLOCK.length) {
      sha.update(ZERO_BLOCK, 0, Math.min(left, ZERO_BLOCK.length));
    }
    Digest digest = Digest.finish(sha);
    if (ZERO_DIGESTS.size() < 1024) {
      ZERO_DIGESTS.put(length, digest);
    }
    return digest;
  }

  /** A growing run of zero chunks; its digest is computed on a worker thread when it ends. */
  private static final class ZeroRun {
    private final long offset;
    private int length;

    ZeroRun(long offset) {
      this.offset = offset;
    }

    void add(byte[] zeros) {
      length += zeros.length;
    }

    Callable<Stored> toRef() {
      return () -> new Stored(new ChunkRef(offset, length, zeroDigest(length), true), null, false);
    }
  }
}
