package dev.hangar.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The in-memory union of all pack indexes: which pack holds each chunk. It replaces one existence
 * check per chunk: {@link #refresh()} lists {@code index/} (one LIST request per 1000 packs) and
 * reads only the indexes it has not seen yet, and forgets packs whose index is gone. Chunks found
 * here are read with {@link #load}, which re-hashes them. Thread-safe.
 */
final class ChunkIndex {

  /**
   * Where a chunk is stored.
   *
   * @param pack the pack id
   * @param entry the chunk's entry in that pack's index
   */
  record Location(String pack, PackEntry entry) {}

  private static final System.Logger LOG = System.getLogger(ChunkIndex.class.getName());

  private final BlobStore blobs;
  private final Map<String, List<PackEntry>> packs = new HashMap<>();
  private final Map<String, Long> addedIn = new HashMap<>();
  private final Map<Digest, Location> chunks = new HashMap<>();
  private long generation;
  private boolean loaded;

  ChunkIndex(BlobStore blobs) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
  }

  /** Loads the index on first use; later calls cost nothing. */
  void ensureLoaded() {
    synchronized (this) {
      if (loaded) {
        return;
      }
    }
    refresh();
  }

  /**
   * Brings the index up to date with the blob store: packs whose index appeared since are added,
   * packs whose index vanished (collected or repacked) are dropped. Packs this process {@link #add
   * added} while the listing ran are kept.
   */
  void refresh() {
    long listedIn;
    Set<String> known;
    synchronized (this) {
      listedIn = ++generation;
      known = new HashSet<>(packs.keySet());
    }
    Set<String> listed = new HashSet<>();
    for (String key : blobs.list(Packs.INDEX)) {
      Packs.idOfIndex(key).ifPresent(listed::add);
    }
    Map<String, List<PackEntry>> fresh = new HashMap<>();
    for (String id : listed) {
      if (!known.contains(id)) {
        try {
          Packs.readIndex(blobs, id).ifPresent(entries -> fresh.put(id, entries));
        } catch (CorruptIndexException e) {
          // Its chunks count as absent (uploaded again if needed); verify reports the index.
          LOG.log(
              System.Logger.Level.WARNING, "ignoring a corrupt pack index: {0}", e.getMessage());
        }
      }
    }
    synchronized (this) {
      boolean dropped =
          packs.keySet().removeIf(id -> !listed.contains(id) && addedIn.get(id) < listedIn);
      addedIn.keySet().retainAll(packs.keySet());
      fresh.forEach((id, entries) -> put(id, entries, listedIn));
      if (dropped) {
        chunks.clear();
        packs.forEach(
            (id, entries) ->
                entries.forEach(e -> chunks.putIfAbsent(e.digest(), new Location(id, e))));
      }
      loaded = true;
    }
  }

  /** Records a pack this process has just written (after its index object is stored). */
  synchronized void add(String id, List<PackEntry> entries) {
    put(id, entries, generation); // a refresh that started before keeps it, a later one checks it
  }

  private void put(String id, List<PackEntry> entries, long in) {
    if (packs.putIfAbsent(id, entries) == null) {
      addedIn.put(id, in);
      entries.forEach(e -> chunks.putIfAbsent(e.digest(), new Location(id, e)));
    }
  }

  synchronized boolean contains(Digest digest) {
    return chunks.containsKey(digest);
  }

  synchronized Optional<Location> find(Digest digest) {
    return Optional.ofNullable(chunks.get(digest));
  }

  /** Returns the pack ids currently known. */
  synchronized List<String> packIds() {
    return new ArrayList<>(packs.keySet());
  }

  /**
   * Reads chunk {@code digest} (expected to be {@code rawLength} bytes) from its pack with one
   * ranged read and returns its verified raw bytes. A chunk that is not indexed, or whose pack has
   * vanished (repacked meanwhile), is looked up again after a {@link #refresh()}.
   *
   * @throws CorruptChunkException if the chunk is missing, or its stored bytes do not decode to
   *     {@code rawLength} bytes hashing to {@code digest}
   * @throws BlobStoreException if the store fails for another reason (possibly retryable)
   */
  byte[] load(Digest digest, int rawLength) throws CorruptChunkException {
    for (int attempt = 0; ; attempt++) {
      Optional<Location> location = find(digest);
      if (location.isPresent()) {
        try {
          return read(digest, rawLength, location.get());
        } catch (BlobNotFoundException e) {
          if (attempt > 0) {
            throw new CorruptChunkException(
                digest, Packs.packKey(location.get().pack()) + " is missing", e);
          }
        }
      } else if (attempt > 0) {
        throw new CorruptChunkException(digest, "no pack index lists the chunk", null);
      }
      refresh();
    }
  }

  /** Returns true if chunk {@code b} is stored right after chunk {@code a} in the same pack. */
  synchronized boolean adjacent(Digest a, Digest b) {
    Location first = chunks.get(a);
    Location second = chunks.get(b);
    return first != null
        && second != null
        && first.pack().equals(second.pack())
        && first.entry().end() == second.entry().offset();
  }

  /**
   * Loads {@code refs} (chunks stored back to back in one pack) with one ranged read and completes
   * {@code out} with each chunk's verified bytes or its failure; falls back to {@link #load} per
   * chunk if the index changed or the pack is gone.
   */
  void loadAll(List<ChunkRef> refs, List<CompletableFuture<byte[]>> out) {
    List<Location> locations = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      Optional<Location> location = find(refs.get(i).digest());
      if (location.isEmpty()
          || (i > 0
              && !(location.get().pack().equals(locations.get(i - 1).pack())
                  && location.get().entry().offset() == locations.get(i - 1).entry().end()))) {
        locations = null;
        break;
      }
      locations.add(location.get());
    }
    if (refs.size() > 1 && locations != null) {
      String pack = locations.get(0).pack();
      long start = locations.get(0).entry().offset();
      long end = locations.get(locations.size() - 1).entry().end();
      byte[] range = null;
      try (InputStream in = blobs.get(Packs.packKey(pack), start, end - start)) {
        range = in.readNBytes((int) (end - start));
      } catch (BlobNotFoundException e) {
        range = null; // repacked meanwhile: one by one, with a refresh
      } catch (IOException | RuntimeException e) {
        BlobStoreException failure =
            new BlobStoreException(
                "reading " + Packs.packKey(pack) + " at " + start + " failed: " + e.getMessage(),
                true,
                e);
        out.forEach(task -> task.completeExceptionally(failure));
        return;
      }
      if (range != null && range.length == end - start) {
        for (int i = 0; i < refs.size(); i++) {
          PackEntry entry = locations.get(i).entry();
          try {
            out.get(i)
                .complete(
                    ChunkCodec.decode(
                        refs.get(i).digest(),
                        refs.get(i).length(),
                        entry.compressed(),
                        range,
                        (int) (entry.offset() - start),
                        entry.length(),
                        Packs.packKey(pack) + " at " + entry.offset()));
          } catch (CorruptChunkException e) {
            out.get(i).completeExceptionally(e);
          }
        }
        return;
      }
    }
    for (int i = 0; i < refs.size(); i++) {
      try {
        out.get(i).complete(load(refs.get(i).digest(), refs.get(i).length()));
      } catch (CorruptChunkException | RuntimeException e) {
        out.get(i).completeExceptionally(e);
      }
    }
  }

  private byte[] read(Digest digest, int rawLength, Location location)
      throws CorruptChunkException {
    PackEntry entry = location.entry();
    String where = Packs.packKey(location.pack()) + " at " + entry.offset();
    if (entry.rawLength() != rawLength) {
      throw new CorruptChunkException(
          digest,
          where + " is indexed as " + entry.rawLength() + " bytes, expected " + rawLength,
          null);
    }
    byte[] stored;
    try (InputStream in =
        blobs.get(Packs.packKey(location.pack()), entry.offset(), entry.length())) {
      stored = in.readNBytes(entry.length());
    } catch (IOException e) {
      throw new BlobStoreException("reading " + where + " failed: " + e.getMessage(), true, e);
    }
    if (stored.length != entry.length()) {
      throw new CorruptChunkException(
          digest,
          where + " is cut short: " + stored.length + " of " + entry.length() + " bytes",
          null);
    }
    return ChunkCodec.decode(
        digest, rawLength, entry.compressed(), stored, 0, stored.length, where);
  }
}
