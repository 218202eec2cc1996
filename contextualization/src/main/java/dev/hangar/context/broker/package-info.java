/**
 * The context broker: how the VMs of one multi-VM deploy learn about each other, in the manner of
 * Nimbus's context broker and OpenNebula's OneGate.
 *
 * <p>Terms: a <em>group</em> is the VMs deployed together; each VM plays one <em>role</em> (e.g.
 * {@code head} x1, {@code worker} x3). A role <em>requires</em> other roles (possibly itself). A VM
 * <em>provides</em> {@code key=value} lines once it is up (its address, SSH host key, anything
 * else); its <em>context</em> is everything the roles it requires provided, and is complete only
 * when every VM of every required role has provided. Framework-free: persistence and HTTP live in
 * the marketplace.
 */
package dev.hangar.context.broker;
