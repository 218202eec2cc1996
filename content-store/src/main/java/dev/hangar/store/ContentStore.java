package dev.hangar.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * A deduplicating, verifying store of partitions on top of a {@link BlobStore}; layout and formats
 * are specified in FORMAT.md ("Content store").
 *
 * <p>Invariants: chunk objects are content-addressed and written before the manifest that
 * references them, and the manifest is written last, so a partition is visible (via {@link
 * #manifest} / {@link #hasPartition}) only once all its chunks are stored. Every byte returned by
 * {@link #openPartition} has been checked against its chunk digest. Thread-safe.
 */
public final class ContentStore {

  /** Zero runs are merged up to this length so sparse images need few manifest entries. */
  static final int MAX_ZERO_RUN = 1 << 30;

  private final BlobStore blobs;
  private final FastCdcChunker chunker;
  private final int workers;

  /** Creates a store with the default chunker parameters and one worker per core (at most 4). */
  public ContentStore(BlobStore blobs) {
    this(blobs, ChunkerParams.defaults(), Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Creates a store.
   *
   * @param workers threads that hash, compress and upload chunks during {@link #putPartition}
   */
  public ContentStore(BlobStore blobs, ChunkerParams params, int workers) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.chunker = new FastCdcChunker(params);
    if (workers < 1) {
      throw new IllegalArgumentException("need at least one worker, got " + workers);
    }
    this.workers = workers;
  }

  /** Returns the blob key of a partition's manifest: {@code partitions/<hex>.json}. */
  public static String manifestKey(Digest partition) {
    return "partitions/" + partition.hex() + ".json";
  }

  /** Returns the blob key of a chunk: {@code chunks/<first 2 hex>/<hex>}. */
  public static String chunkKey(Digest chunk) {
    return ChunkCodec.key(chunk);
  }

  /**
   * Chunks, deduplicates and stores everything {@code raw} yields, then writes the manifest.
   *
   * <p>Memory stays bounded (about {@code 3 * workers} chunks in flight). If {@code raw} or the
   * blob store fails, no manifest is written; chunks stored so far remain as unreferenced objects.
   * {@code raw} is not closed.
   *
   * @throws IOException if reading {@code raw} fails
   * @throws BlobStoreException if storing fails
   */
  public PartitionManifest putPartition(InputStream raw) throws IOException {
    return putPartition(raw, Optional.empty());
  }

  /**
   * Like {@link #putPartition(InputStream)}, but the bytes must hash to {@code expected}: when they
   * do not, no manifest is written, so the upload is never visible as a stored partition.
   *
   * @throws DigestMismatchException if the bytes hash to another digest
   */
  public PartitionManifest putPartition(InputStream raw, Digest expected) throws IOException {
    return putPartition(raw, Optional.of(expected));
  }

  private PartitionManifest putPartition(InputStream raw, Optional<Digest> expected)
      throws IOException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            task -> {
              Thread thread = new Thread(task, "content-store-put");
              thread.setDaemon(true);
              return thread;
            });
    try {
      return putPartition(raw, expected, pool, new Semaphore(2 * workers));
    } finally {
      pool.shutdownNow();
    }
  }

  private PartitionManifest putPartition(
      InputStream raw, Optional<Digest> expected, ExecutorService pool, Semaphore slots)
      throws IOException {
    MessageDigest whole = Digest.newSha256();
    Set<Digest> claimed = ConcurrentHashMap.newKeySet();
    Deque<Future<ChunkRef>> pending = new ArrayDeque<>();
    List<ChunkRef> refs = new ArrayList<>();
    ZeroRun run = null;
    long size = 0;
    FastCdcChunker.Reader reader = chunker.open(raw);
    for (Optional<Chunk> next = reader.next(); next.isPresent(); next = reader.next()) {
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
                  return storeChunk(chunk, claimed);
                } finally {
                  slots.release();
                }
              }));
      collectFinished(pending, refs, false);
    }
    if (run != null) {
      pending.add(CompletableFuture.completedFuture(run.toRef()));
    }
    collectFinished(pending, refs, true);

    PartitionManifest manifest = new PartitionManifest(Digest.finish(whole), size, refs);
    if (expected.isPresent() && !expected.get().equals(manifest.digest())) {
      throw new DigestMismatchException(expected.get(), manifest.digest());
    }
    String key = manifestKey(manifest.digest());
    if (blobs.stat(key).isEmpty()) {
      byte[] json = ManifestCodec.toJson(manifest);
      blobs.put(key, new ByteArrayInputStream(json), json.length);
    }
    return manifest;
  }

  /**
   * Returns the subset of {@code offered} chunk digests that this store does not hold, in the order
   * offered; a client uploads exactly these with {@link #putChunk}.
   */
  public Set<Digest> missingChunks(Collection<Digest> offered) {
    Set<Digest> missing = new LinkedHashSet<>();
    for (Digest digest : new LinkedHashSet<>(offered)) {
      if (blobs.stat(chunkKey(digest)).isEmpty()) {
        missing.add(digest);
      }
    }
    return missing;
  }

  /**
   * Stores one chunk received from elsewhere after checking that {@code raw} hashes to {@code
   * expected}; storing a chunk that is already present is a no-op.
   *
   * @throws CorruptChunkException if the bytes hash to another digest (nothing is stored)
   * @throws IllegalArgumentException if {@code raw} is longer than {@link
   *     ChunkerParams#MAX_CHUNK_LIMIT}
   */
  public void putChunk(Digest expected, byte[] raw) throws CorruptChunkException {
    if (raw.length > ChunkerParams.MAX_CHUNK_LIMIT) {
      throw new IllegalArgumentException(
          "chunk of " + raw.length + " bytes exceeds " + ChunkerParams.MAX_CHUNK_LIMIT);
    }
    Digest actual = Digest.of(raw);
    if (!actual.equals(expected)) {
      throw new CorruptChunkException(expected, "received bytes hash to " + actual, null);
    }
    storeIfAbsent(actual, raw);
  }

  /**
   * Returns the manifest of a completely stored partition, or empty if there is none.
   *
   * @throws CorruptManifestException if the stored manifest is invalid or names another digest
   */
  public Optional<PartitionManifest> manifest(Digest partition) throws CorruptManifestException {
    String key = manifestKey(partition);
    byte[] json;
    try (InputStream in = blobs.get(key)) {
      json = in.readAllBytes();
    } catch (BlobNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new BlobStoreException("reading " + key + " failed: " + e.getMessage(), true, e);
    }
    PartitionManifest manifest = ManifestCodec.fromJson(json, key);
    if (!manifest.digest().equals(partition)) {
      throw new CorruptManifestException(
          "manifest " + key + " describes partition " + manifest.digest(), null);
    }
    return Optional.of(manifest);
  }

  /** Returns true if the partition's manifest exists (so all its chunks were stored). */
  public boolean hasPartition(Digest partition) {
    return blobs.stat(manifestKey(partition)).isPresent();
  }

  /**
   * Opens a partition for streaming; every chunk is verified as it is read, and a chunk whose bytes
   * do not match makes {@code read} throw {@link CorruptChunkException}.
   *
   * @throws BlobNotFoundException if no manifest exists for {@code partition}
   * @throws CorruptManifestException if the manifest is invalid
   */
  public InputStream openPartition(Digest partition) throws IOException {
    PartitionManifest manifest =
        manifest(partition).orElseThrow(() -> new BlobNotFoundException(manifestKey(partition)));
    return new PartitionInputStream(blobs, manifest);
  }

  /**
   * Checks the whole store like {@code restic check --read-data}: every manifest parses and matches
   * its key, and every chunk it references exists, decodes and hashes to its digest.
   */
  public VerifyReport verify() {
    List<VerifyReport.Problem> problems = new ArrayList<>();
    Map<Digest, Integer> referenced = new TreeMap<>();
    int partitions = 0;
    for (String key : blobs.list("partitions/")) {
      partitions++;
      try {
        Digest digest = Digest.parse(Digest.PREFIX + partitionHexOf(key));
        manifest(digest)
            .ifPresent(
                m ->
                    m.chunks().stream()
                        .filter(ref -> !ref.zero())
                        .forEach(ref -> referenced.putIfAbsent(ref.digest(), ref.length())));
      } catch (IllegalArgumentException | CorruptManifestException e) {
        problems.add(new VerifyReport.Problem(key, e.getMessage()));
      }
    }
    for (Map.Entry<Digest, Integer> chunk : referenced.entrySet()) {
      try {
        ChunkCodec.load(blobs, chunk.getKey(), chunk.getValue());
      } catch (CorruptChunkException e) {
        problems.add(new VerifyReport.Problem(chunkKey(chunk.getKey()), e.getMessage()));
      }
    }
    problems.sort((a, b) -> a.key().compareTo(b.key()));
    return new VerifyReport(partitions, referenced.size(), problems);
  }

  private static String partitionHexOf(String key) {
    String name = key.substring("partitions/".length());
    if (!name.endsWith(".json")) {
      throw new IllegalArgumentException("unexpected object under partitions/: " + key);
    }
    return name.substring(0, name.length() - ".json".length());
  }

  private ChunkRef storeChunk(Chunk chunk, Set<Digest> claimed) {
    Digest digest = Digest.of(chunk.data());
    // Only the first occurrence within this upload pays for the existence check and upload.
    if (claimed.add(digest)) {
      storeIfAbsent(digest, chunk.data());
    }
    return new ChunkRef(chunk.offset(), chunk.length(), digest, false);
  }

  private void storeIfAbsent(Digest digest, byte[] raw) {
    String key = chunkKey(digest);
    if (blobs.stat(key).isEmpty()) {
      byte[] encoded = ChunkCodec.encode(raw);
      blobs.put(key, new ByteArrayInputStream(encoded), encoded.length);
    }
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

  private static boolean isAllZero(byte[] data) {
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
