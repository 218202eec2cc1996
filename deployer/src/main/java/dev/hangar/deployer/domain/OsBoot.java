package dev.hangar.deployer.domain;

/**
 * How a domain boots. Sealed so the writer handles every method; BIOS/UEFI firmware boot can be
 * added as further permitted records.
 */
public sealed interface OsBoot permits DirectKernelBoot {}
