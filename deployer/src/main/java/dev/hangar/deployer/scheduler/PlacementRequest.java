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
 * @param onlyNodes node ids the VM may run on (e.g. the one node a caller named); empty means any
 * @param excludedNodes node ids the VM must not run on (e.g. nodes a failed attempt already tried)
 */
public record PlacementRequest(
    int vcpus,
    int memoryMiB,
    String arch,
    Optional<String> domainType,
    Map<String, String> requiredLabels,
    Optional<PlacementGroup> group,
    List<String> partitionDigests,
    Set<String> trustedSites,
    Set<String> onlyNodes,
    Set<String> excludedNodes) {

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
    onlyNodes = Set.copyOf(onlyNodes);
    excludedNodes = Set.copyOf(excludedNodes);
  }

  /** A request with no type, label, group, cache or site preference. */
  public static PlacementRequest of(int vcpus, int memoryMiB, String arch) {
    return new PlacementRequest(
        vcpus,
        memoryMiB,
        arch,
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        List.of(),
        Set.of(),
        Set.of(),
        Set.of());
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
        trustedSites,
        onlyNodes,
        excludedNodes);
  }

  /** This request, requiring {@code labels}. */
  public PlacementRequest withLabels(Map<String, String> labels) {
    return new PlacementRequest(
        vcpus,
        memoryMiB,
        arch,
        domainType,
        labels,
        group,
        partitionDigests,
        trustedSites,
        onlyNodes,
        excludedNodes);
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
        trustedSites,
        onlyNodes,
        excludedNodes);
  }

  /** This request, booting from partitions {@code digests}. */
  public PlacementRequest withPartitions(List<String> digests) {
    return new PlacementRequest(
        vcpus,
        memoryMiB,
        arch,
        domainType,
        requiredLabels,
        group,
        digests,
        trustedSites,
        onlyNodes,
        excludedNodes);
  }

  /** This request, restricted to {@code sites}. */
  public PlacementRequest inSites(Set<String> sites) {
    return new PlacementRequest(
        vcpus,
        memoryMiB,
        arch,
        domainType,
        requiredLabels,
        group,
        partitionDigests,
        sites,
        onlyNodes,
        excludedNodes);
  }

  /** This request, restricted to the nodes {@code ids}. */
  public PlacementRequest onNodes(Set<String> ids) {
    return new PlacementRequest(
        vcpus,
        memoryMiB,
        arch,
        domainType,
        requiredLabels,
        group,
        partitionDigests,
        trustedSites,
        ids,
        excludedNodes);
  }

  /** This request, keeping off the nodes {@code ids}. */
  public PlacementRequest excluding(Set<String> ids) {
    return new PlacementRequest(
        vcpus,
        memoryMiB,
        arch,
        domainType,
        requiredLabels,
        group,
        partitionDigests,
        trustedSites,
        onlyNodes,
        ids);
  }
}
