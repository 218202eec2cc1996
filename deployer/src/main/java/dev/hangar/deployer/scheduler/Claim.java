package dev.hangar.deployer.scheduler;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Capacity reserved on one node for one VM, held until released.
 *
 * @param id claim identifier
 * @param nodeId the node the capacity is reserved on
 * @param domainType the libvirt domain type the VM must be defined with on that node
 * @param vcpus reserved virtual CPUs
 * @param memoryMiB reserved memory in MiB, guest memory plus the hypervisor overhead
 * @param group name of the placement group the VM belongs to, if any
 */
public record Claim(
    UUID id, String nodeId, String domainType, int vcpus, long memoryMiB, Optional<String> group) {
  /** Rejects missing fields and non-positive sizes. */
  public Claim {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(domainType, "domainType");
    Objects.requireNonNull(group, "group");
    if (vcpus <= 0 || memoryMiB <= 0) {
      throw new IllegalArgumentException("claim sizes must be positive");
    }
  }
}
