package dev.hangar.marketplace.appliance;

/** How a version boots. */
public enum BootMode {
  /** Kernel and initrd given to the hypervisor; root on the first partition. */
  DIRECT_KERNEL,
  /** A whole disk with its own boot loader, legacy BIOS. */
  BIOS,
  /** A whole disk with an EFI system partition. */
  UEFI
}
