package dev.hangar.builder.image;

import java.time.Duration;

/**
 * The resource bounds of one image import: the largest virtual disk accepted and the address-space,
 * CPU-time and wall-clock limits qemu-img runs under.
 *
 * @param maxVirtualSize largest accepted virtual disk size in bytes
 * @param toolAddressSpace {@code prlimit --as} bytes for every qemu-img run
 * @param toolCpuSeconds {@code prlimit --cpu} seconds for every qemu-img run
 * @param toolTimeout wall-clock limit for every qemu-img run
 */
public record ImportLimits(
    long maxVirtualSize, long toolAddressSpace, long toolCpuSeconds, Duration toolTimeout) {

  /** Validates that every limit is positive. */
  public ImportLimits {
    if (maxVirtualSize <= 0 || toolAddressSpace <= 0 || toolCpuSeconds <= 0) {
      throw new IllegalArgumentException("import limits must be positive");
    }
    if (toolTimeout == null || toolTimeout.isNegative() || toolTimeout.isZero()) {
      throw new IllegalArgumentException("tool timeout must be positive");
    }
  }

  /**
   * Returns the marketplace defaults: 256 GiB virtual size, 4 GiB address space (OpenStack bounds
   * {@code qemu-img info} at 1 GiB; {@code convert} also needs room for its I/O threads' stacks and
   * sometimes failed to create them at 1 GiB), 10 CPU minutes and a 15 minute timeout.
   */
  public static ImportLimits defaults() {
    return new ImportLimits(256L << 30, 4L << 30, 600, Duration.ofMinutes(15));
  }

  /** Returns these limits with a different maximum virtual size. */
  public ImportLimits withMaxVirtualSize(long bytes) {
    return new ImportLimits(bytes, toolAddressSpace, toolCpuSeconds, toolTimeout);
  }
}
