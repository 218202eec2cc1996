/**
 * The VMM pool in the service: registered nodes (table {@code vmm_node}), their probed capacity,
 * image caches and operator states, and scheduler claims persisted in the same database.
 *
 * <p>Terms: a <em>node</em> is a libvirt host, named by the operator and addressed by its URI;
 * nodes come from configuration ({@code hangar.deployer.nodes}, by default the one {@code
 * hangar.deployer.node-uri}) or from {@code POST /api/v1/nodes}. Its <em>operator state</em>
 * (ACTIVE, DRAINING, MAINTENANCE) is stored; whether it is <em>reachable</em> is the health
 * check's. A <em>claim</em> reserves vCPUs and memory on one node for one VM; the database row of a
 * node carries the sum of its claims, changed only together with the claim rows, so every instance
 * of the service sees the same usage and none can overcommit.
 */
package dev.hangar.marketplace.pool;
