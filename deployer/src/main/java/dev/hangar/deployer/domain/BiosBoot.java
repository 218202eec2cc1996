package dev.hangar.deployer.domain;

/** Boot through the hypervisor's BIOS from the first disk (needed where no direct kernel boot). */
public record BiosBoot() implements OsBoot {}
