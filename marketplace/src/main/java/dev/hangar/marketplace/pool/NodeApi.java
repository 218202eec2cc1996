package dev.hangar.marketplace.pool;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON documents of the pool API ({@code /api/v1/nodes}). */
public final class NodeApi {
  private NodeApi() {}

  /**
   * Registers a node.
   *
   * @param name the node's name in the pool
   * @param uri its libvirt URI
   * @param labels operator labels placements may require
   * @param site the site it is in; {@code local} when absent
   */
  public record CreateNode(
      @NotNull
          @Pattern(
              regexp = "[a-z0-9]([a-z0-9-]{0,62})",
              message = "must be lower-case letters, digits and '-', at most 63 characters")
          String name,
      @NotNull String uri,
      Map<String, String> labels,
      String site) {}

  /**
   * A node as the API shows it.
   *
   * @param state UP, DOWN, DRAINING or MAINTENANCE
   * @param arch the node's main guest architecture ({@code x86_64} when offered)
   * @param cpus host CPUs
   * @param vcpuCap allocatable vCPUs (CPUs times the allocation ratio)
   * @param memoryCapMiB allocatable MiB (memory minus the host reserve)
   * @param usedCpus vCPUs claimed
   * @param usedMemoryMiB MiB claimed, per-VM overhead included
   * @param lastError why the last health check failed, if it did
   */
  public record NodeDto(
      String name,
      String uri,
      String state,
      String arch,
      Set<String> arches,
      Set<String> domainTypes,
      Map<String, String> labels,
      String site,
      int cpus,
      long memoryMiB,
      int vcpuCap,
      long memoryCapMiB,
      int usedCpus,
      long usedMemoryMiB,
      String lastError,
      CacheDto cache) {}

  /** A node's image cache: its pool size, what the cached volumes take, and each volume. */
  public record CacheDto(long capacityBytes, long usedBytes, List<VolumeDto> volumes) {}

  /**
   * One cached volume.
   *
   * @param lastUsed when a deploy last used it on this node (seen by this instance), if known
   * @param pinned whether a defined domain uses it (it cannot be evicted then)
   */
  public record VolumeDto(String digest, long sizeBytes, Instant lastUsed, boolean pinned) {}
}
