package dev.hangar.deployer.scheduler;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Capacity reserved on one node, as one atomically updated word: vCPUs in the high 24 bits, MiB of
 * memory in the low 40. One word means one compare-and-set reserves both dimensions together, so no
 * lock is needed and no interleaving can overcommit either.
 */
final class NodeUsage {
  private static final int MEMORY_BITS = 40;
  private static final long MEMORY_MASK = (1L << MEMORY_BITS) - 1;

  private final AtomicLong packed = new AtomicLong();

  /** The current packed usage; decode with {@link #vcpus} and {@link #memoryMiB}. */
  long get() {
    return packed.get();
  }

  static int vcpus(long packedUsage) {
    return (int) (packedUsage >>> MEMORY_BITS);
  }

  static long memoryMiB(long packedUsage) {
    return packedUsage & MEMORY_MASK;
  }

  /**
   * Adds the reservation if it still fits under both caps; returns false, changing nothing, if a
   * concurrent reservation took the room first.
   */
  boolean tryReserve(int vcpus, long memoryMiB, int vcpuCap, long memoryCapMiB) {
    while (true) {
      long current = packed.get();
      if (vcpus(current) + vcpus > vcpuCap || memoryMiB(current) + memoryMiB > memoryCapMiB) {
        return false;
      }
      if (packed.compareAndSet(current, current + pack(vcpus, memoryMiB))) {
        return true;
      }
    }
  }

  /** Adds a reservation unconditionally: it already exists (restored from the claim store). */
  void add(int vcpus, long memoryMiB) {
    packed.addAndGet(pack(vcpus, memoryMiB));
  }

  /** Removes a reservation previously added. */
  void subtract(int vcpus, long memoryMiB) {
    packed.addAndGet(-pack(vcpus, memoryMiB));
  }

  private static long pack(int vcpus, long memoryMiB) {
    if (vcpus < 0 || memoryMiB < 0 || memoryMiB > MEMORY_MASK || vcpus >= (1 << 23)) {
      throw new IllegalArgumentException("reservation out of range: " + vcpus + "/" + memoryMiB);
    }
    return ((long) vcpus << MEMORY_BITS) | memoryMiB;
  }
}
