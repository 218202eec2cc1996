package dev.hangar.store;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Online mark-and-sweep garbage collector of a content store (protocol in FORMAT.md, "Garbage
 * collection"): runs while uploads and reads continue.
 *
 * <p>A run announces itself with a sweep record {@code gc/<id>}, then marks every chunk referenced
 * by a live manifest (one whose partition is in the caller's root set, or that was touched within
 * the grace window); a chunk is live if marked or touched since the cutoff: {@code now - grace}, or
 * the start of the oldest live upload lease if that is earlier. It deletes unrooted manifests older
 * than the cutoff, deletes packs older than the cutoff that hold no live chunk, and repacks those
 * whose live chunks fill less than half of them (copies the live chunks into new packs, indexes
 * them, then deletes the old index and pack). A manifest or pack that no touch record names is
 * dated from the run that first sees it. Manifests go before packs, deletes are idempotent and each
 * object is judged on its own, so a run that fails halfway leaves a consistent store and the next
 * run converges.
 */
public final class Gc {

  private static final System.Logger LOG = System.getLogger(Gc.class.getName());

  /** Test hooks called at the points where races with uploads matter; no-ops by default. */
  public interface Hooks {

    /** Hooks that do nothing. */
    Hooks NONE = new Hooks() {};

    /** Called after the mark phase, before anything is deleted. */
    default void afterMark() {}

    /** Called after deciding to delete {@code key}, just before deleting it. */
    default void beforeDelete(String key) {}
  }

  private final Liveness liveness;
  private final BlobStore blobs;
  private final Hooks hooks;
  private final int packTarget;

  /** Creates a collector without hooks. */
  public Gc(BlobStore blobs, Clock clock, StoreTimings timings) {
    this(blobs, clock, timings, Hooks.NONE);
  }

  /** Creates a collector; {@code clock} and {@code timings} must match the stores' own. */
  public Gc(BlobStore blobs, Clock clock, StoreTimings timings, Hooks hooks) {
    this(blobs, clock, timings, hooks, ContentStore.PACK_TARGET);
  }

  /** Creates a collector whose repacking writes packs of about {@code packTarget} bytes. */
  public Gc(BlobStore blobs, Clock clock, StoreTimings timings, Hooks hooks, int packTarget) {
    this.packTarget = packTarget;
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.liveness = new Liveness(blobs, clock, timings);
    this.hooks = Objects.requireNonNull(hooks, "hooks");
  }

  /**
   * Collects everything not reachable from {@code livePartitions} (the catalog's roots) and not
   * protected by the grace window or a live lease.
   *
   * @throws IOException if a manifest that must be kept cannot be read (nothing is deleted then)
   * @throws BlobStoreException if the store fails; running again later converges
   */
  public GcReport run(Set<Digest> livePartitions) throws IOException {
    Set<Digest> roots = Set.copyOf(livePartitions);
    Sweep sweep = new Sweep(liveness);
    try {
      return collect(roots, sweep);
    } finally {
      blobs.delete(sweep.record.key());
    }
  }

  private GcReport collect(Set<Digest> roots, Sweep sweep) throws IOException {
    Instant start = sweep.record.start();
    Instant cutoff = start.minus(liveness.timings().grace());
    List<TimedRecord> expired = new ArrayList<>();
    for (TimedRecord lease : liveness.records(Liveness.LEASES)) {
      if (!lease.liveAt(start)) {
        expired.add(lease);
      } else if (lease.start().isBefore(cutoff)) {
        cutoff = lease.start();
      }
    }
    Map<String, Instant> touched = Liveness.latest(liveness.touches());
    Set<Digest> marked = new HashSet<>();
    Set<String> manifests = new HashSet<>();
    Map<String, Digest> doomed = new HashMap<>();
    List<String> firstSeen = new ArrayList<>();
    for (String key : blobs.list("partitions/")) {
      Optional<Digest> digest = ContentStore.partitionOf(key);
      if (digest.isEmpty()) {
        continue; // not ours
      }
      Instant age = touched.get(key);
      if (!roots.contains(digest.get()) && age == null) {
        firstSeen.add(key);
      }
      if (roots.contains(digest.get()) || age == null || !age.isBefore(cutoff)) {
        mark(key, digest.get(), manifests, marked);
      } else {
        doomed.put(key, digest.get());
      }
    }
    hooks.afterMark();
    // Re-read the touches: whatever was touched during the mark phase is judged on fresh data.
    List<Liveness.Touch> records = liveness.touches();
    touched = Liveness.latest(records);
    for (Iterator<Map.Entry<String, Digest>> it = doomed.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Digest> manifest = it.next();
      if (!touched.get(manifest.getKey()).isBefore(cutoff)) {
        mark(manifest.getKey(), manifest.getValue(), manifests, marked); // republished meanwhile
        it.remove();
      }
    }
    Instant cut = cutoff;
    Map<String, Instant> ages = touched;
    Predicate<Digest> live = d -> marked.contains(d) || isRecent(ages.get(ChunkCodec.key(d)), cut);
    Set<String> corrupt = new HashSet<>();
    Map<String, List<PackEntry>> packs =
        Packs.readAll(
            blobs,
            (key, problem) -> {
              LOG.log(System.Logger.Level.WARNING, "keeping the pack of {0}: {1}", key, problem);
              Packs.idOfIndex(key).ifPresent(corrupt::add);
            });
    Set<Digest> present = new HashSet<>();
    Set<Digest> dropped = new HashSet<>();
    Set<String> remaining = new HashSet<>(manifests);
    Set<String> victims = new HashSet<>(doomed.keySet());
    List<String> deadPacks = new ArrayList<>();
    Map<String, List<PackEntry>> repack = new LinkedHashMap<>();
    for (Map.Entry<String, List<PackEntry>> pack : packs.entrySet()) {
      String packKey = Packs.packKey(pack.getKey());
      List<PackEntry> entries = pack.getValue();
      Instant age = touched.get(packKey);
      List<PackEntry> liveEntries = entries.stream().filter(e -> live.test(e.digest())).toList();
      long liveBytes = liveEntries.stream().mapToLong(PackEntry::length).sum();
      long allBytes = entries.stream().mapToLong(PackEntry::length).sum();
      if (age == null || !age.isBefore(cutoff) || 2 * liveBytes >= allBytes) {
        // Young (or never seen: dated from now), or mostly live: kept as it is.
        if (age == null) {
          firstSeen.add(packKey);
        }
        remaining.add(packKey);
        entries.forEach(e -> present.add(e.digest()));
        continue;
      }
      victims.add(packKey);
      liveEntries.forEach(e -> present.add(e.digest()));
      entries.forEach(e -> dropped.add(e.digest()));
      if (liveEntries.isEmpty()) {
        deadPacks.add(pack.getKey());
      } else {
        repack.put(pack.getKey(), liveEntries);
      }
    }
    List<String> orphans = new ArrayList<>();
    for (String key : blobs.list(Packs.PACKS)) {
      Optional<String> id = Packs.idOfPack(key);
      if (id.isEmpty() || packs.containsKey(id.get()) || corrupt.contains(id.get())) {
        continue; // not ours, or indexed (judged above)
      }
      // A pack without index: an upload died between the pack and its index, or a delete failed.
      Instant age = touched.get(key);
      if (age == null || !age.isBefore(cutoff)) {
        if (age == null) {
          firstSeen.add(key);
        }
        remaining.add(key);
      } else {
        victims.add(key);
        orphans.add(key);
      }
    }
    dropped.removeAll(present);
    dropped.forEach(d -> victims.add(ChunkCodec.key(d)));
    present.forEach(d -> remaining.add(ChunkCodec.key(d)));
    // Records must stop naming an object before it is deleted: a stale record would otherwise
    // date a later re-upload of the same key as old. Unreferenced objects never touched (e.g. from
    // an upload that died before its commit) are dated from now, so they go only after a full
    // grace period of being seen unreferenced.
    int deletedRecords = rewriteRecords(sweep, records, victims, remaining, cutoff);
    sweep.keepAlive();
    liveness.touch(firstSeen);
    for (String key : doomed.keySet()) {
      delete(sweep, key);
    }
    new Repacker(sweep, packTarget).repack(repack);
    for (String id : deadPacks) {
      delete(sweep, Packs.indexKey(id)); // the index first: from then on nobody finds the pack
      delete(sweep, Packs.packKey(id));
    }
    for (String key : orphans) {
      delete(sweep, key);
    }
    for (TimedRecord lease : expired) {
      deletedRecords += deleteRecord(sweep, lease.key());
    }
    for (TimedRecord other : liveness.records(Liveness.SWEEPS)) {
      if (!other.liveAt(start)) {
        deletedRecords += deleteRecord(sweep, other.key());
      }
    }
    GcReport report =
        new GcReport(
            manifests.size(),
            doomed.size(),
            present.size(),
            dropped.size(),
            deletedRecords,
            firstSeen.size(),
            deadPacks.size() + orphans.size(),
            repack.size());
    LOG.log(System.Logger.Level.INFO, "garbage collection finished: {0}", report);
    return report;
  }

  private static boolean isRecent(Instant age, Instant cutoff) {
    return age != null && !age.isBefore(cutoff);
  }

  /**
   * Copies the live chunks of mostly-dead packs into new packs, then deletes the old ones: each old
   * index only after the new packs holding its live chunks are written and indexed, so at every
   * moment each live chunk is indexed somewhere (readers that still look in the old pack find the
   * new one after refreshing their index).
   */
  private final class Repacker {
    private final Sweep sweep;
    private final PackBuilder builder;
    private final List<String> sealedOld = new ArrayList<>();

    Repacker(Sweep sweep, int target) {
      this.sweep = sweep;
      this.builder = new PackBuilder(target);
    }

    void repack(Map<String, List<PackEntry>> packs) throws IOException {
      for (Map.Entry<String, List<PackEntry>> pack : packs.entrySet()) {
        for (PackEntry entry : pack.getValue()) {
          builder.add(entry.digest(), copy(pack.getKey(), entry));
        }
        sealedOld.add(pack.getKey());
        if (builder.full()) {
          flush();
        }
      }
      flush();
    }

    /** Reads and verifies one live chunk; its stored bytes are copied as they are. */
    private ChunkCodec.Encoded copy(String id, PackEntry entry) throws IOException {
      String where = Packs.packKey(id) + " at " + entry.offset();
      byte[] stored;
      try (var in = blobs.get(Packs.packKey(id), entry.offset(), entry.length())) {
        stored = in.readNBytes(entry.length());
      }
      ChunkCodec.decode(
          entry.digest(), entry.rawLength(), entry.compressed(), stored, 0, stored.length, where);
      return new ChunkCodec.Encoded(stored, stored.length, entry.rawLength(), entry.compressed());
    }

    private void flush() throws IOException {
      if (!builder.isEmpty()) {
        sweep.keepAlive();
        Packs.write(blobs, builder.seal());
      }
      for (String old : sealedOld) {
        delete(sweep, Packs.indexKey(old));
        delete(sweep, Packs.packKey(old));
      }
      sealedOld.clear();
    }
  }

  /**
   * Drops {@code victims} from every touch record (rewriting a record with the same time and the
   * remaining keys, then deleting the old one) and deletes old records naming nothing that remains;
   * returns the number of records deleted.
   */
  private int rewriteRecords(
      Sweep sweep,
      List<Liveness.Touch> records,
      Set<String> victims,
      Set<String> remaining,
      Instant cutoff)
      throws IOException {
    int deleted = 0;
    for (Liveness.Touch record : records) {
      List<String> kept = record.objects().stream().filter(k -> !victims.contains(k)).toList();
      boolean useless =
          record.time().isBefore(cutoff) && kept.stream().noneMatch(remaining::contains);
      if (!useless && kept.size() == record.objects().size()) {
        continue;
      }
      if (!useless) {
        sweep.keepAlive();
        liveness.touch(kept, record.time());
      }
      deleted += deleteRecord(sweep, record.key());
    }
    return deleted;
  }

  private void mark(String key, Digest partition, Set<String> manifests, Set<Digest> marked)
      throws IOException {
    PartitionManifest manifest =
        ContentStore.readManifest(blobs, partition)
            .orElseThrow(() -> new IOException("live manifest " + key + " vanished"));
    manifests.add(key);
    manifest.chunks().stream().filter(r -> !r.zero()).forEach(r -> marked.add(r.digest()));
  }

  private void delete(Sweep sweep, String key) throws IOException {
    sweep.keepAlive();
    hooks.beforeDelete(key);
    sweep.keepAlive(); // a hook (or a pause) may have outlived the record
    blobs.delete(key);
  }

  private int deleteRecord(Sweep sweep, String key) throws IOException {
    sweep.keepAlive();
    blobs.delete(key);
    return 1;
  }

  /** This run's sweep record; deleting is allowed only while it is live. */
  private static final class Sweep {
    private final Liveness liveness;
    private TimedRecord record;

    Sweep(Liveness liveness) {
      this.liveness = liveness;
      Instant now = liveness.now();
      this.record =
          new TimedRecord(
              Liveness.SWEEPS + UUID.randomUUID(), now, now.plus(liveness.timings().sweepTtl()));
      liveness.write(record);
    }

    void keepAlive() throws IOException {
      Instant now = liveness.now();
      if (!record.liveAt(now)) {
        throw new IOException(
            "sweep record " + record.key() + " expired at " + record.expiry() + "; stopped");
      }
      Instant half = record.expiry().minus(liveness.timings().sweepTtl().dividedBy(2));
      if (!now.isBefore(half)) {
        record =
            new TimedRecord(record.key(), record.start(), now.plus(liveness.timings().sweepTtl()));
        liveness.write(record);
      }
    }
  }
}
