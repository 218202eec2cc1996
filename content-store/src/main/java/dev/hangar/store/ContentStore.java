package dev.hangar.store;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A deduplicating, verifying store of partitions on top of a {@link BlobStore}; layout and formats
 * are specified in FORMAT.md ("Content store").
 *
 * <p>Invariants: chunks are stored in write-once packs, each indexed by an index object written
 * after the pack; every chunk a manifest references is in an indexed pack before the manifest is
 * written, so a partition is visible (via {@link #manifest} / {@link #hasPartition}) only once all
 * its chunks are stored. Dedup decisions use an in-memory union of the pack indexes, refreshed by
 * listing {@code index/}. Commits follow the collector protocol of FORMAT.md ("Garbage
 * collection"), so a concurrent {@link Gc} never leaves a manifest whose chunks are missing. Every
 * byte returned by {@link #openPartition} has been checked against its chunk digest. Thread-safe.
 */
public final class ContentStore {

  /** Stored chunks each open stream fetches ahead of the one being read. */
  public static final int PREFETCH = 8;

  /** Default size at which a pack is sealed: big enough to make per-object cost negligible. */
  public static final int PACK_TARGET = 16 << 20;

  private static final int READ_THREADS = 4;

  private final BlobStore blobs;
  private final ChunkIndex index;
  private final Liveness liveness;
  private final PartitionWriter writer;
  private final Committer committer;
  private final ThreadPoolExecutor readers;
  private final Object openLock = new Object();
  private final Object sealLock = new Object();
  private PackBuilder open; // chunks received by putChunk, not yet written; guarded by openLock

  /** Creates a store with the default chunker parameters and one worker per core (at most 4). */
  public ContentStore(BlobStore blobs) {
    this(blobs, ChunkerParams.defaults(), Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Creates a store with the system clock and default {@link StoreTimings}.
   *
   * @param workers threads that hash, compress and upload chunks during {@link #putPartition}
   */
  public ContentStore(BlobStore blobs, ChunkerParams params, int workers) {
    this(blobs, params, workers, Clock.systemUTC(), StoreTimings.defaults());
  }

  /**
   * Creates a store whose leases, touch markers and commit checks use {@code clock} and {@code
   * timings}; they must match those of the {@link Gc} collecting the same blobs.
   */
  public ContentStore(
      BlobStore blobs, ChunkerParams params, int workers, Clock clock, StoreTimings timings) {
    this(blobs, params, workers, clock, timings, PACK_TARGET);
  }

  /**
   * Creates a store that seals packs once they hold {@code packTarget} bytes (tests use small packs
   * to exercise packing and repacking).
   */
  public ContentStore(
      BlobStore blobs,
      ChunkerParams params,
      int workers,
      Clock clock,
      StoreTimings timings,
      int packTarget) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    if (packTarget < 1) {
      throw new IllegalArgumentException("pack target must be positive, got " + packTarget);
    }
    this.index = new ChunkIndex(blobs);
    this.open = new PackBuilder(packTarget);
    this.liveness = new Liveness(blobs, clock, timings);
    this.writer =
        new PartitionWriter(liveness, index, new FastCdcChunker(params), workers, packTarget);
    this.committer = new Committer(liveness, index);
    // Idle reader threads time out, so a store that is not read costs no threads.
    this.readers =
        new ThreadPoolExecutor(
            READ_THREADS,
            READ_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "content-store-read");
              thread.setDaemon(true);
              return thread;
            });
    readers.allowCoreThreadTimeOut(true);
  }

  /** Returns the blob key of a partition's manifest: {@code partitions/<hex>.json}. */
  public static String manifestKey(Digest partition) {
    return "partitions/" + partition.hex() + ".json";
  }

  /**
   * Returns the name of a chunk in touch records, {@code chunks/<first 2 hex>/<hex>}; chunks are
   * stored in packs, so no object has this key.
   */
  public static String chunkKey(Digest chunk) {
    return ChunkCodec.key(chunk);
  }

  /**
   * Chunks, deduplicates and stores everything {@code raw} yields, then commits the manifest.
   *
   * <p>The upload runs under its own {@link Lease}: chunks the in-memory chunk index already lists
   * cost no request (they are touched in batched touch records and checked again at the commit);
   * new chunks are appended to packs of about {@link #PACK_TARGET} bytes, uploaded as they fill.
   * The commit works like {@link #commitPartition(PartitionManifest, Lease)} without re-reading the
   * chunks (their bytes were hashed on the way in). Memory stays bounded (at most {@code 2 *
   * max(workers, 8)} chunks in flight, plus three packs). If {@code raw} or the blob store fails,
   * no manifest is written; chunks stored so far remain as unreferenced objects for the collector.
   * {@code raw} is not closed.
   *
   * @throws IOException if reading {@code raw} fails
   * @throws MissingChunksException if the collector removed a deduplicated chunk meanwhile (rare;
   *     publishing again succeeds)
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
    try (Lease lease = acquireLease()) {
      PartitionWriter.Written written = writer.write(raw, lease);
      PartitionManifest manifest = written.manifest();
      if (expected.isPresent() && !expected.get().equals(manifest.digest())) {
        throw new DigestMismatchException(expected.get(), manifest.digest());
      }
      // The commit's touch record names every chunk, so all get dated without extra requests.
      return committer.commit(
          manifest,
          Optional.of(lease),
          Committer.storedChunks(manifest),
          written.packs(),
          written.deduplicated(),
          false);
    }
  }

  /**
   * Takes an upload lease: while it is live (renew it with {@link Lease#renewIfDue()}), the
   * collector keeps every object touched since it was taken. Close it after committing.
   */
  public Lease acquireLease() {
    return Lease.acquire(liveness);
  }

  /**
   * Completes a have/need upload: after the client stored the chunks {@link #missingChunks}
   * reported with {@link #putChunk}, this touches every referenced chunk, checks that all exist,
   * re-reads them to recompute the partition digest, and only then writes the manifest.
   *
   * <p>First writes the chunks {@link #putChunk} still holds in memory as a pack. Cost: one touch
   * record (a single PUT naming every chunk), one listing of the pack indexes, plus reading back,
   * decompressing and hashing the whole partition from the blob store (the partition digest is over
   * raw bytes, so the chunk digests alone do not prove it). Idempotent.
   *
   * @throws MissingChunksException if chunks are missing (upload them and commit again)
   * @throws DigestMismatchException if the chunks do not reassemble to {@code proposed.digest()}
   * @throws CorruptChunkException if a stored chunk is unreadable
   */
  public PartitionManifest commitPartition(PartitionManifest proposed) throws IOException {
    flushReceived();
    List<Digest> chunks = Committer.storedChunks(proposed);
    return committer.commit(proposed, Optional.empty(), chunks, List.of(), chunks, true);
  }

  /**
   * Like {@link #commitPartition(PartitionManifest)}, for an upload that holds {@code lease}: the
   * commit fails with {@link LeaseExpiredException} once the lease has expired, because the
   * collector may then have removed chunks this upload relied on.
   */
  public PartitionManifest commitPartition(PartitionManifest proposed, Lease lease)
      throws IOException {
    flushReceived();
    List<Digest> chunks = Committer.storedChunks(proposed);
    return committer.commit(proposed, Optional.of(lease), chunks, List.of(), chunks, true);
  }

  /**
   * Returns the subset of {@code offered} chunk digests that this store does not hold, in the order
   * offered; a client uploads exactly these with {@link #putChunk}.
   */
  public Set<Digest> missingChunks(Collection<Digest> offered) {
    index.refresh();
    Set<Digest> missing = new LinkedHashSet<>();
    for (Digest digest : new LinkedHashSet<>(offered)) {
      if (!index.contains(digest) && !received(digest)) {
        missing.add(digest);
      }
    }
    return missing;
  }

  private boolean received(Digest digest) {
    synchronized (openLock) {
      return open.contains(digest);
    }
  }

  /**
   * Stores one chunk received from elsewhere after checking that {@code raw} hashes to {@code
   * expected}; storing a chunk that is already present is a no-op.
   *
   * <p>Received chunks are collected in one shared in-memory pack, written once it reaches the pack
   * target or at the next {@link #commitPartition}; {@link #missingChunks} counts them as present.
   * If this process ends before, they are lost and a later commit reports them missing (the client
   * uploads them again).
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
    if (index.contains(actual) || received(actual)) {
      return;
    }
    ChunkCodec.Encoded encoded = ChunkCodec.encode(raw);
    boolean full;
    synchronized (openLock) {
      open.add(actual, encoded);
      full = open.full();
    }
    if (full) {
      flushReceived();
    }
  }

  /**
   * Writes the chunks received by {@link #putChunk} as a pack. Sealing and writing happen under one
   * lock, so when this returns every chunk received before the call is indexed.
   */
  private void flushReceived() {
    synchronized (sealLock) {
      PackBuilder.Sealed sealed;
      synchronized (openLock) {
        if (open.isEmpty()) {
          return;
        }
        sealed = open.seal();
      }
      Packs.write(blobs, sealed);
      index.add(sealed.id(), sealed.entries());
    }
  }

  /**
   * Returns the manifest of a completely stored partition, or empty if there is none.
   *
   * @throws CorruptManifestException if the stored manifest is invalid or names another digest
   */
  public Optional<PartitionManifest> manifest(Digest partition) throws CorruptManifestException {
    return readManifest(blobs, partition);
  }

  static Optional<PartitionManifest> readManifest(BlobStore blobs, Digest partition)
      throws CorruptManifestException {
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

  /** Returns the partition digest a manifest key names, or empty if it is not a manifest key. */
  static Optional<Digest> partitionOf(String key) {
    if (!key.startsWith("partitions/") || !key.endsWith(".json")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(Digest.PREFIX + partitionHexOf(key)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Returns true if the partition's manifest exists (so all its chunks were stored). */
  public boolean hasPartition(Digest partition) {
    return blobs.stat(manifestKey(partition)).isPresent();
  }

  /**
   * Opens a partition for streaming; every chunk is verified as it is read, and a chunk whose bytes
   * do not match makes {@code read} throw {@link CorruptChunkException}. After the last byte the
   * partition digest is checked too.
   *
   * <p>Up to {@value #PREFETCH} following chunks are fetched in parallel (neighbours in one pack
   * with one ranged read), so at most {@code PREFETCH + 1} decoded chunks (each at most the
   * chunker's {@code max}) are held per stream.
   *
   * @throws BlobNotFoundException if no manifest exists for {@code partition}
   * @throws CorruptManifestException if the manifest is invalid
   */
  public InputStream openPartition(Digest partition) throws IOException {
    return openPartition(partition, 0, Long.MAX_VALUE);
  }

  /**
   * Opens bytes {@code [offset, offset + length)} of a partition, truncated at its end (an {@code
   * offset} at or past the end yields an empty stream). Only the chunks overlapping the range are
   * fetched, each verified; the partition digest is checked only when the range is the whole
   * partition.
   *
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
   * @throws BlobNotFoundException if no manifest exists for {@code partition}
   * @throws CorruptManifestException if the manifest is invalid
   */
  public InputStream openPartition(Digest partition, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range " + offset + "+" + length);
    }
    PartitionManifest manifest =
        manifest(partition).orElseThrow(() -> new BlobNotFoundException(manifestKey(partition)));
    index.ensureLoaded();
    return new PartitionInputStream(index, manifest, offset, length, PREFETCH, readers);
  }

  /**
   * Checks the whole store like {@code restic check --read-data}: every manifest parses and matches
   * its key, every pack index parses and its pack exists and is long enough, and every chunk a
   * manifest references is indexed, reads back, decodes and hashes to its digest.
   */
  public VerifyReport verify() {
    return Verifier.verify(blobs);
  }

  static String partitionHexOf(String key) {
    String name = key.substring("partitions/".length());
    if (!name.endsWith(".json")) {
      throw new IllegalArgumentException("unexpected object under partitions/: " + key);
    }
    return name.substring(0, name.length() - ".json".length());
  }
}
