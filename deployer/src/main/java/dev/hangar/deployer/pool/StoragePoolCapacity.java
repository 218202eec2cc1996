package dev.hangar.deployer.pool;

import java.util.Objects;

/**
 * Size of one storage pool on a node, as libvirt reports it.
 *
 * @param name pool name
 * @param active whether the pool is started (inactive pools report no sizes)
 * @param capacityBytes total bytes
 * @param availableBytes bytes still free
 */
public record StoragePoolCapacity(
    String name, boolean active, long capacityBytes, long availableBytes) {
  /** Rejects a missing name and negative sizes. */
  public StoragePoolCapacity {
    Objects.requireNonNull(name, "name");
    if (capacityBytes < 0 || availableBytes < 0) {
      throw new IllegalArgumentException("negative pool size for " + name);
    }
  }
}
