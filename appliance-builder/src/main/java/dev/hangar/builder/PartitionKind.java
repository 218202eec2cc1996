package dev.hangar.builder;

/** How a deployment uses a partition; only {@link #EMPTY} partitions have no image file. */
public enum PartitionKind {
  /** Created blank (all zeroes) at deployment time; the builder writes no image. */
  EMPTY,
  /** One image shared read-only by every instance of the appliance. */
  SHARED_READONLY,
  /** Each instance gets its own writable copy of the image. */
  COPY_ON_WRITE
}
