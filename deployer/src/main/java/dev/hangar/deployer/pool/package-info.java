/**
 * The VMM pool: the libvirt nodes the deployer may place virtual machines on.
 *
 * <p>Terms: a {@link dev.hangar.deployer.pool.Node} is one hypervisor host, addressed by its
 * libvirt connection URI and carrying an operator-set {@link dev.hangar.deployer.pool.NodeState},
 * labels and a site. Its {@link dev.hangar.deployer.pool.NodeCapacity} is what libvirt reports
 * about it (CPUs, memory, guest architectures, domain types, storage pools), discovered by a {@link
 * dev.hangar.deployer.pool.NodeProbe}. The {@link dev.hangar.deployer.pool.NodePool} registry holds
 * both, applies drain/maintenance transitions, and its health check moves unreachable nodes to
 * {@code DOWN} and reachable ones back to {@code ACTIVE}. <em>Draining</em> means "run what is
 * there, accept nothing new"; <em>maintenance</em> means "the operator owns the node".
 */
package dev.hangar.deployer.pool;
