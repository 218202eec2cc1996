package dev.hangar.deployer.scheduler;

import java.util.Map;
import java.util.Objects;

/**
 * Tunables of the scheduler.
 *
 * @param cpuAllocationRatio virtual CPUs allocatable per host CPU (1.0 = no overcommit)
 * @param hostReservedMiB memory per node kept for the host itself, never allocated
 * @param overheadMiBByDomainType memory the hypervisor needs per VM on top of guest memory, by
 *     domain type (QEMU/TCG needs more than KVM: translation cache, device emulation)
 * @param defaultOverheadMiB overhead for domain types missing from the map
 * @param fit whether to fill nodes up before using the next or to balance load
 * @param cacheWeight weight of cache locality (fraction of wanted bytes already cached)
 * @param fitWeight weight of the pack/spread fit (fraction of the node left free)
 * @param overheadWeight weight of the overhead penalty (overhead as a fraction of the VM's total)
 */
public record SchedulerConfig(
    double cpuAllocationRatio,
    long hostReservedMiB,
    Map<String, Integer> overheadMiBByDomainType,
    int defaultOverheadMiB,
    Fit fit,
    double cacheWeight,
    double fitWeight,
    double overheadWeight) {

  /** Validates ranges and copies the overhead map. */
  public SchedulerConfig {
    if (cpuAllocationRatio <= 0 || hostReservedMiB < 0 || defaultOverheadMiB < 0) {
      throw new IllegalArgumentException("invalid scheduler sizes");
    }
    overheadMiBByDomainType = Map.copyOf(overheadMiBByDomainType);
    Objects.requireNonNull(fit, "fit");
    if (cacheWeight < 0 || fitWeight < 0 || overheadWeight < 0) {
      throw new IllegalArgumentException("weights must not be negative");
    }
  }

  /**
   * Defaults: 4 vCPUs per CPU, 1 GiB kept for the host, 64 MiB overhead for KVM and Xen, 128 MiB
   * for QEMU/TCG and VMware, spread, cache locality weighted highest.
   */
  public static SchedulerConfig defaults() {
    return new SchedulerConfig(
        4.0,
        1024,
        Map.of("kvm", 64, "xen", 64, "qemu", 128, "vmware", 128),
        128,
        Fit.SPREAD,
        2.0,
        1.0,
        0.5);
  }

  /** These settings with fit policy {@code newFit}. */
  public SchedulerConfig withFit(Fit newFit) {
    return new SchedulerConfig(
        cpuAllocationRatio,
        hostReservedMiB,
        overheadMiBByDomainType,
        defaultOverheadMiB,
        newFit,
        cacheWeight,
        fitWeight,
        overheadWeight);
  }

  /** Per-VM overhead in MiB for {@code domainType}. */
  public int overheadMiB(String domainType) {
    return overheadMiBByDomainType.getOrDefault(domainType, defaultOverheadMiB);
  }

  /** Pack fills the fullest fitting node first; spread picks the emptiest. */
  public enum Fit {
    PACK,
    SPREAD
  }
}
