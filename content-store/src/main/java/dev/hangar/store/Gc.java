package dev.hangar.store;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Online mark-and-sweep garbage collector of a content store (protocol in FORMAT.md, "Garbage
 * collection"): runs while uploads and reads continue.
 *
 * <p>A run announces itself with a sweep record {@code gc/<id>}, then marks every chunk referenced
 * by a live manifest (one whose partition is in the caller's root set, or that was touched within
 * the grace window), and deletes manifests and chunks that are unmarked and whose last touch is
 * older than the cutoff: {@code now - grace}, or the start of the oldest live upload lease if that
 * is earlier. An unmarked object that no touch record names is dated from the run that first sees
 * it. Manifests are deleted before chunks, deletes are idempotent and each object is judged on its
 * own, so a run that fails halfway leaves a consistent store and the next run converges.
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

  /** Creates a collector without hooks. */
  public Gc(BlobStore blobs, Clock clock, StoreTimings timings) {
    this(blobs, clock, timings, Hooks.NONE);
  }

  /** Creates a collector; {@code clock} and {@code timings} must match the stores' own. */
  public Gc(BlobStore blobs, Clock clock, StoreTimings timings, Hooks hooks) {
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
    Set<String> remaining = new HashSet<>(manifests);
    List<String> chunkVictims = new ArrayList<>();
    int chunksKept = 0;
    for (String key : blobs.list("chunks/")) {
      Optional<Digest> digest = ChunkCodec.digestOf(key);
      if (digest.isEmpty()) {
        continue;
      }
      Instant age = touched.get(key);
      if (marked.contains(digest.get()) || age == null || !age.isBefore(cutoff)) {
        chunksKept++;
        remaining.add(key);
        if (!marked.contains(digest.get()) && age == null) {
          firstSeen.add(key);
        }
      } else {
        chunkVictims.add(key);
      }
    }
    Set<String> victims = new HashSet<>(doomed.keySet());
    victims.addAll(chunkVictims);
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
    for (String key : chunkVictims) {
      delete(sweep, key);
    }
    int chunksDeleted = chunkVictims.size();
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
            chunksKept,
            chunksDeleted,
            deletedRecords,
            firstSeen.size());
    LOG.log(System.Logger.Level.INFO, "garbage collection finished: {0}", report);
    return report;
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
