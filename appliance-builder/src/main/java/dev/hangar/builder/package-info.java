/**
 * Turns an appliance <em>recipe</em> into a bootable direct-kernel-boot <em>appliance</em>,
 * reproducibly and without root-only tools.
 *
 * <p>Terms:
 *
 * <ul>
 *   <li><b>Recipe</b> ({@link dev.hangar.builder.Recipe}): the YAML a publisher writes: identity,
 *       partitions, boot settings and resource requirements.
 *   <li><b>Partition</b>: one disk image of the appliance; its <b>kind</b> ({@link
 *       dev.hangar.builder.PartitionKind}) says how a deployment uses it (created empty, shared
 *       read-only between instances, or copied on write per instance).
 *   <li><b>Staging tree</b>: the directory an ext4 partition is populated from with {@code mke2fs
 *       -d}; for the root partition a busybox root file system with the recipe's content overlaid.
 *   <li><b>Initramfs</b>: a newc cpio archive holding busybox, the recipe's kernel modules and an
 *       {@code /init} that mounts the root partition and switches to its {@code /sbin/init}.
 *   <li><b>Appliance</b> ({@link dev.hangar.builder.BuiltAppliance}): the output directory with
 *       partition images, the kernel ({@code vmlinuz}, or {@code vmlinux} for {@link
 *       dev.hangar.builder.KernelFormat#PVH}), {@code initrd.img} and the {@code appliance.json}
 *       descriptor ({@link dev.hangar.builder.ApplianceDescriptor}) listing each file's SHA-256.
 *   <li><b>Source date epoch</b>: the single timestamp (seconds) written wherever a build would
 *       otherwise record the current time, so two builds of one recipe give identical bytes.
 * </ul>
 */
package dev.hangar.builder;
