package dev.hangar.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects encoded chunks into one pack in memory until it is sealed; each chunk at most once. Not
 * thread-safe.
 */
final class PackBuilder {

  /** A pack ready to be written: {@code bytes[0..length)} and the index of its chunks. */
  record Sealed(String id, byte[] bytes, int length, List<PackEntry> entries) {}

  private final int target;
  private byte[] bytes;
  private int length;
  private List<PackEntry> entries = new ArrayList<>();
  private final Set<Digest> digests = new HashSet<>();

  /** Creates a builder whose pack {@link #full()} once it holds {@code target} bytes. */
  PackBuilder(int target) {
    this.target = target;
    this.bytes = new byte[Math.min(target, 1 << 20)];
  }

  /** Appends a chunk unless this pack already holds it; returns true if it was added. */
  boolean add(Digest digest, ChunkCodec.Encoded encoded) {
    if (!digests.add(digest)) {
      return false;
    }
    int n = encoded.length();
    if (length + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + n, Math.min(2 * bytes.length, target + n)));
    }
    System.arraycopy(encoded.bytes(), 0, bytes, length, n);
    entries.add(new PackEntry(digest, length, n, encoded.rawLength(), encoded.compressed()));
    length += n;
    return true;
  }

  boolean contains(Digest digest) {
    return digests.contains(digest);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Returns true once the pack has reached its target size and should be sealed. */
  boolean full() {
    return length >= target;
  }

  /** Returns the sealed pack under a fresh id and empties this builder. */
  Sealed seal() {
    Sealed sealed = new Sealed(Packs.newId(), bytes, length, List.copyOf(entries));
    bytes = new byte[Math.min(target, 1 << 20)];
    length = 0;
    entries = new ArrayList<>();
    digests.clear();
    return sealed;
  }
}
