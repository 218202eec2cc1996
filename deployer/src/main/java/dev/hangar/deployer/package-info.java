/**
 * Framework-free deployment orchestration: stage an appliance's partitions on a node and boot it.
 *
 * <p>Terms: a <em>node</em> is a libvirt host addressed by URI. The node <em>cache</em> is its
 * storage pool of content-addressed volumes ({@code sha256-<hex>}) that outlive deployments. A
 * <em>staged file</em> is content identified by its SHA-256 digest and size, read through a {@link
 * dev.hangar.deployer.PartitionSource} and verified while uploading. A <em>deployment</em> is one
 * domain plus the per-deployment volumes created for it (copy-on-write overlays, blank disks, the
 * seed ISO), all named after the domain; {@link dev.hangar.deployer.DeploymentHandle} records them
 * so {@link dev.hangar.deployer.Deployer#destroy} removes exactly those and leaves the cache.
 */
package dev.hangar.deployer;
