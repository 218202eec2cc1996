package dev.hangar.deployer.pool;

import java.util.List;
import java.util.Objects;

/**
 * What a node's image cache holds, as listed through libvirt.
 *
 * @param capacityBytes size of the cache's storage pool (0 if the pool does not exist yet)
 * @param volumes the content-addressed volumes ({@code sha256-<hex>}), by name
 */
public record CacheContents(long capacityBytes, List<CachedVolume> volumes) {
  /** Copies the list. */
  public CacheContents {
    volumes = List.copyOf(Objects.requireNonNull(volumes, "volumes"));
  }

  /** An empty cache of a node whose pool does not exist. */
  public static CacheContents empty() {
    return new CacheContents(0, List.of());
  }

  /** Bytes taken by the cached volumes together. */
  public long usedBytes() {
    return volumes.stream().mapToLong(CachedVolume::sizeBytes).sum();
  }

  /**
   * One cached volume.
   *
   * @param digest {@code sha256:<hex>} of its content
   * @param sizeBytes its size
   * @param path its path on the node
   */
  public record CachedVolume(String digest, long sizeBytes, String path) {}
}
