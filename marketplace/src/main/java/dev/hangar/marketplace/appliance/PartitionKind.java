package dev.hangar.marketplace.appliance;

/** How a partition is attached to a VM. */
public enum PartitionKind {
  /** Blank space of a given size, created on the node at deploy time; nothing is stored. */
  EMPTY,
  /** Attached read-only and shareable straight from the node cache. */
  SHARED_READONLY,
  /** A qcow2 overlay on the cached base; the VM's writes stay in the overlay. */
  COPY_ON_WRITE
}
