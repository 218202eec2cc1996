package dev.hangar.deployer.scheduler;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which content-addressed volumes each node's image cache holds, kept up to date by the caller (on
 * staging, eviction and node removal). Thread-safe.
 *
 * <p>Indexed by digest because the scheduler asks "which nodes hold these few digests" on every
 * decision, far more often than caches change. Each digest's holders are therefore an immutable
 * {@link Holders} value replaced on every change (copy on write): readers iterate two arrays
 * without locking or allocating, and the scheduler can memoise per value what the node ids resolve
 * to.
 */
public final class CacheIndex {
  private static final Holders NONE = new Holders(new String[0], new long[0]);

  private final Map<String, Holders> holdersByDigest = new ConcurrentHashMap<>();

  /** Records that node {@code nodeId} caches {@code digest}, which is {@code bytes} long. */
  public void record(String nodeId, String digest, long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative size for " + digest);
    }
    holdersByDigest.compute(
        digest,
        (d, old) -> {
          Map<String, Long> holders = old == null ? new HashMap<>() : old.toMap();
          holders.put(nodeId, bytes);
          return Holders.of(holders);
        });
  }

  /** Records that node {@code nodeId} no longer caches {@code digest}. */
  public void forget(String nodeId, String digest) {
    holdersByDigest.computeIfPresent(
        digest,
        (d, old) -> {
          Map<String, Long> holders = old.toMap();
          holders.remove(nodeId);
          return holders.isEmpty() ? null : Holders.of(holders);
        });
  }

  /** Forgets everything node {@code nodeId} cached, e.g. when it leaves the pool. */
  public void forgetNode(String nodeId) {
    for (String digest : holdersByDigest.keySet()) {
      forget(nodeId, digest);
    }
  }

  /** Bytes of {@code digest} cached on {@code nodeId}, 0 if absent. */
  public long cachedBytes(String nodeId, String digest) {
    Long bytes = holders(digest).toMap().get(nodeId);
    return bytes == null ? 0 : bytes;
  }

  /** The nodes holding {@code digest} now; an immutable value, empty if none. */
  public Holders holders(String digest) {
    return holdersByDigest.getOrDefault(digest, NONE);
  }

  /**
   * The nodes holding one digest and how many bytes of it each holds; immutable, compared by
   * identity (a new value is made on every change).
   */
  public static final class Holders {
    private final String[] nodeIds;
    private final long[] bytes;

    private Holders(String[] nodeIds, long[] bytes) {
      this.nodeIds = nodeIds;
      this.bytes = bytes;
    }

    static Holders of(Map<String, Long> holders) {
      String[] ids = holders.keySet().toArray(new String[0]);
      Arrays.sort(ids);
      long[] sizes = new long[ids.length];
      for (int i = 0; i < ids.length; i++) {
        sizes[i] = holders.get(ids[i]);
      }
      return new Holders(ids, sizes);
    }

    /** Number of holding nodes. */
    public int size() {
      return nodeIds.length;
    }

    /** Id of the {@code i}-th holding node. */
    public String nodeId(int i) {
      return nodeIds[i];
    }

    /** Bytes cached on the {@code i}-th holding node. */
    public long bytes(int i) {
      return bytes[i];
    }

    Map<String, Long> toMap() {
      Map<String, Long> map = new HashMap<>();
      for (int i = 0; i < nodeIds.length; i++) {
        map.put(nodeIds[i], bytes[i]);
      }
      return map;
    }
  }
}
