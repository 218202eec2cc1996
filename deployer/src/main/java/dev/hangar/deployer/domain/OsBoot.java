package dev.hangar.deployer.domain;

/**
 * How a domain boots. Sealed so every writer handles every method: straight into a kernel from node
 * files, or through the hypervisor's BIOS from the first disk.
 */
public sealed interface OsBoot permits DirectKernelBoot, BiosBoot {}
