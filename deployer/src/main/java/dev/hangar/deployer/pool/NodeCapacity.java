package dev.hangar.deployer.pool;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a node can host, as discovered through libvirt.
 *
 * @param cpus logical CPUs ({@code virNodeGetInfo})
 * @param memoryBytes total host memory ({@code virNodeGetInfo})
 * @param freeMemoryBytes free host memory at probe time ({@code virNodeGetFreeMemory}); a snapshot
 *     for operators, not used for placement because it moves with every guest's page cache
 * @param arches guest architectures the node's capabilities offer, e.g. {@code x86_64}
 * @param domainTypes domain types offered for those guests, e.g. {@code qemu}, {@code kvm}, {@code
 *     xen}, {@code vmware}
 * @param storagePools the node's storage pools
 */
public record NodeCapacity(
    int cpus,
    long memoryBytes,
    long freeMemoryBytes,
    Set<String> arches,
    Set<String> domainTypes,
    List<StoragePoolCapacity> storagePools) {
  /** Rejects non-positive sizes and copies the collections. */
  public NodeCapacity {
    if (cpus <= 0 || memoryBytes <= 0 || freeMemoryBytes < 0) {
      throw new IllegalArgumentException("invalid node size: " + cpus + " cpus, " + memoryBytes);
    }
    arches = Set.copyOf(arches);
    domainTypes = Set.copyOf(domainTypes);
    storagePools = List.copyOf(Objects.requireNonNull(storagePools, "storagePools"));
  }

  /** Total memory in MiB, rounded down. */
  public long memoryMiB() {
    return memoryBytes >> 20;
  }
}
