/**
 * Placement of virtual machines on the nodes of the {@link dev.hangar.deployer.pool.NodePool}.
 *
 * <p>Terms: a {@link dev.hangar.deployer.scheduler.PlacementRequest} describes what a VM needs. The
 * scheduler first <em>filters</em> nodes (ACTIVE only, architecture, domain type, labels, trusted
 * site, affinity group, free capacity including the per-VM <em>overhead</em> the hypervisor itself
 * needs) and then <em>weighs</em> the survivors (cache locality: bytes of the wanted partitions
 * already in the node's image cache per the {@link dev.hangar.deployer.scheduler.CacheIndex}; pack
 * or spread; overhead). A {@link dev.hangar.deployer.scheduler.Claim} is capacity reserved on the
 * chosen node; claims are taken atomically, so concurrent callers never overcommit a node, and are
 * persisted through a {@link dev.hangar.deployer.scheduler.ClaimStore}. <em>Allocatable</em>
 * capacity is the node's CPUs times the CPU allocation ratio and its memory minus the host
 * reservation.
 */
package dev.hangar.deployer.scheduler;
