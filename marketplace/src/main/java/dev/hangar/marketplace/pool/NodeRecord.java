package dev.hangar.marketplace.pool;

import dev.hangar.deployer.pool.NodeState;
import java.util.Map;
import java.util.Set;

/**
 * One row of {@code vmm_node}.
 *
 * @param name operator-chosen name, the node's id in the scheduler
 * @param uri libvirt URI
 * @param state operator state: ACTIVE, DRAINING or MAINTENANCE (never DOWN)
 * @param labels operator labels
 * @param site where the node is
 * @param origin {@code CONFIG} or {@code API}
 * @param reachable whether the last health check reached it
 * @param lastError why the last health check failed, if it did
 * @param cpus host CPUs at the last probe
 * @param memoryMiB host memory at the last probe
 * @param arches guest architectures offered
 * @param domainTypes domain types offered
 * @param vcpuCap allocatable vCPUs
 * @param memoryCapMiB allocatable MiB
 * @param usedCpus vCPUs claimed
 * @param usedMemoryMiB MiB claimed, overhead included
 */
public record NodeRecord(
    String name,
    String uri,
    NodeState state,
    Map<String, String> labels,
    String site,
    String origin,
    boolean reachable,
    String lastError,
    int cpus,
    long memoryMiB,
    Set<String> arches,
    Set<String> domainTypes,
    int vcpuCap,
    long memoryCapMiB,
    int usedCpus,
    long usedMemoryMiB) {}
