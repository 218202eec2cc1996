package dev.hangar.deployer.scheduler;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one VM needs from a node.
 *
 * @param vcpus virtual CPUs
 * @param memoryMiB guest memory in MiB (the hypervisor overhead is added by the scheduler)
 * @param arch guest architecture, e.g. {@code x86_64}
 * @param domainType required libvirt domain type (e.g. {@code kvm}); empty lets each node use its
 *     cheapest offered type
 * @param requiredLabels labels the node must carry with exactly these values
 * @param group affinity or anti-affinity group, if any
 * @param partitionDigests digests of the partitions the VM will boot from, for cache locality
 * @param trustedSites sites the VM may run in; empty means any site
 */
public record PlacementRequest(
    int vcpus,
    int memoryMiB,
    String arch,
    Optional<String> domainType,
    Map<String, String> requiredLabels,
    Optional<PlacementGroup> group,
    List<String> partitionDigests,
    Set<String> trustedSites) {

  /** Rejects non-positive sizes and copies the collections. */
  public PlacementRequest {
    if (vcpus <= 0 || memoryMiB <= 0) {
      throw new IllegalArgumentException("vcpus and memory must be positive");
    }
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(domainType, "domainType");
    requiredLabels = Map.copyOf(requiredLabels);
    Objects.requireNonNull(group, "group");
    partitionDigests = List.copyOf(partitionDigests);
    trustedSites = Set.copyOf(trustedSites);
  }

  /** A request with no type, label, group, cache or site preference. */
  public static PlacementRequest of(int vcpus, int memoryMiB, String arch) {
    return new PlacementRequest(
        vcpus, memoryMiB, arch, Optional.empty(), Map.of(), Optional.empty(), List.of(), Set.of());
  }

  /** This request, requiring domain type {@code type}. */
  public PlacementRequest withDomainType(String type) {
    return new PlacementRequest(
        vcpus,
        memoryMiB,
        arch,
        Optional.of(type),
        requiredLabels,
        group,
        partitionDigests,
        trustedSites);
  }

  /** This request, requiring {@code labels}. */
  public PlacementRequest withLabels(Map<String, String> labels) {
    return new PlacementRequest(
        vcpus, memoryMiB, arch, domainType, labels, group, partitionDigests, trustedSites);
  }

  /** This request, as a member of {@code placementGroup}. */
  public PlacementRequest inGroup(PlacementGroup placementGroup) {
    return new PlacementRequest(
        vcpus,
        memoryMiB,
        arch,
        domainType,
        requiredLabels,
        Optional.of(placementGroup),
        partitionDigests,
        trustedSites);
  }

  /** This request, booting from partitions {@code digests}. */
  public PlacementRequest withPartitions(List<String> digests) {
    return new PlacementRequest(
        vcpus, memoryMiB, arch, domainType, requiredLabels, group, digests, trustedSites);
  }

  /** This request, restricted to {@code sites}. */
  public PlacementRequest inSites(Set<String> sites) {
    return new PlacementRequest(
        vcpus, memoryMiB, arch, domainType, requiredLabels, group, partitionDigests, sites);
  }
}
