/**
 * Thin, typed access to libvirt nodes: connections, the node image cache and VM lifecycle.
 *
 * <p>Terms: a <em>node</em> is one libvirt daemon, addressed by its connection URI (e.g. {@code
 * qemu:///system}). The <em>cache</em> is a libvirt {@code dir} storage pool on the node holding
 * staged images. A <em>volume</em> is one file in that pool, addressed by name; content-addressed
 * volumes are named {@code sha256-<hex>} and shared by all deployments on the node, while
 * per-deployment volumes (overlays, blank disks, seed ISOs) are named after their domain. A
 * <em>domain</em> is a libvirt VM definition (see {@link dev.hangar.deployer.domain}).
 *
 * <p>Every libvirt failure surfaces as {@link
 * dev.hangar.deployer.libvirt.LibvirtOperationException} naming the operation; "not found" on
 * delete/destroy is treated as success so cleanup is idempotent.
 */
package dev.hangar.deployer.libvirt;
