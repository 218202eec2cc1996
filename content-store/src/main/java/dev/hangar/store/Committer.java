package dev.hangar.store;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Makes a partition visible by writing its manifest, after checking under the collector protocol
 * that every chunk it references is indexed in a pack and stays.
 */
final class Committer {

  private static final int ZERO_BLOCK = 1 << 20;

  private final Liveness liveness;
  private final ChunkIndex index;

  Committer(Liveness liveness, ChunkIndex index) {
    this.liveness = Objects.requireNonNull(liveness, "liveness");
    this.index = Objects.requireNonNull(index, "index");
  }

  /**
   * Commits {@code manifest}: touches {@code touch}, the packs in {@code packs} and the manifest in
   * one record, waits until no sweep is live, refreshes the chunk index and checks that it lists
   * every chunk in {@code check}, optionally recomputes the partition digest, and writes the
   * manifest unless present.
   *
   * <p>Why this is safe: any sweep still able to delete or repack a pack after the check must have
   * started after the wait, hence after the touch, and so sees the chunks as recently touched.
   * Packs this upload wrote itself need no check: their ids are fresh, so a sweep that lists them
   * dates them from its own run (or from this touch) and keeps them for a grace period.
   *
   * @param lease the upload's lease, checked before touching and before writing the manifest
   * @throws LeaseExpiredException if the lease expired: chunks may have been collected
   * @throws MissingChunksException if chunks in {@code check} are not indexed
   * @throws DigestMismatchException if {@code recompute} finds other bytes than the digest says
   */
  PartitionManifest commit(
      PartitionManifest manifest,
      Optional<Lease> lease,
      Collection<Digest> touch,
      Collection<String> packs,
      Collection<Digest> check,
      boolean recompute)
      throws IOException {
    if (lease.isPresent()) {
      lease.get().ensureLive();
    }
    String manifestKey = ContentStore.manifestKey(manifest.digest());
    List<String> touched = new ArrayList<>();
    new LinkedHashSet<>(touch).forEach(d -> touched.add(ChunkCodec.key(d)));
    touched.addAll(packs);
    touched.add(manifestKey);
    liveness.touch(touched);
    liveness.awaitNoLiveSweep();
    if (!check.isEmpty()) {
      index.refresh(); // what a sweep removed or repacked is seen from here on
    }
    List<Digest> missing = new ArrayList<>();
    for (Digest digest : new LinkedHashSet<>(check)) {
      if (!index.contains(digest)) {
        missing.add(digest);
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingChunksException(manifest.digest(), missing);
    }
    if (recompute) {
      Digest actual = recomputeDigest(manifest, lease);
      if (!actual.equals(manifest.digest())) {
        throw new DigestMismatchException(manifest.digest(), actual);
      }
    }
    if (lease.isPresent()) {
      // Leaves at least half a lease period for the manifest put (FORMAT.md timing assumptions).
      lease.get().renewIfDue();
    }
    if (liveness.blobs().stat(manifestKey).isEmpty()) {
      byte[] json = ManifestCodec.toJson(manifest);
      liveness.blobs().put(manifestKey, new java.io.ByteArrayInputStream(json), json.length);
    }
    return manifest;
  }

  /** Returns the distinct stored (non-zero) chunks of {@code manifest} in order. */
  static List<Digest> storedChunks(PartitionManifest manifest) {
    Set<Digest> stored = new LinkedHashSet<>();
    for (ChunkRef ref : manifest.chunks()) {
      if (!ref.zero()) {
        stored.add(ref.digest());
      }
    }
    return List.copyOf(stored);
  }

  /**
   * Reads and verifies every chunk (and zero run) and returns the digest of their concatenation.
   */
  private Digest recomputeDigest(PartitionManifest manifest, Optional<Lease> lease)
      throws IOException {
    MessageDigest whole = Digest.newSha256();
    byte[] zeros = new byte[ZERO_BLOCK];
    for (ChunkRef ref : manifest.chunks()) {
      if (lease.isPresent()) {
        lease.get().renewIfDue();
      }
      if (!ref.zero()) {
        whole.update(index.load(ref.digest(), ref.length()));
        continue;
      }
      MessageDigest run = Digest.newSha256();
      for (long left = ref.length(); left > 0; left -= ZERO_BLOCK) {
        int n = (int) Math.min(left, ZERO_BLOCK);
        whole.update(zeros, 0, n);
        run.update(zeros, 0, n);
      }
      Digest actual = Digest.finish(run);
      if (!actual.equals(ref.digest())) {
        throw new DigestMismatchException(ref.digest(), actual);
      }
    }
    return Digest.finish(whole);
  }
}
