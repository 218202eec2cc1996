/**
 * Contextualization at the service edge: per-VM NoCloud-net tokens and endpoints, the context
 * broker's persistence and REST API (multi-VM deployment groups), and the key that seals secret
 * context parameters.
 *
 * <p>Terms: a VM's <em>token</em> is a random secret in its SMBIOS serial, the only credential of
 * its endpoints under {@code /api/v1/nocloud/{token}/} (stored as a SHA-256 hash, revoked at
 * destroy); a <em>member</em> is one VM's broker state (its group and role, what it provided, what
 * it reported); a <em>group</em> is the VMs of one multi-VM deploy (see {@code
 * dev.hangar.context.broker}).
 */
package dev.hangar.marketplace.context;
