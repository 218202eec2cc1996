package dev.hangar.deployer.scheduler;

/**
 * The node a request would go to, without reserving anything.
 *
 * @param nodeId chosen node
 * @param domainType domain type to use on it
 * @param memoryMiB memory the VM would take there, overhead included
 * @param score the winning weight; higher is better, comparable only within one decision
 */
public record Placement(String nodeId, String domainType, long memoryMiB, double score) {}
