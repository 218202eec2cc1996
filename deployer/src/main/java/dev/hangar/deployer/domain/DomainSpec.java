package dev.hangar.deployer.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Complete description of a domain to define.
 *
 * @param name libvirt domain name (unique per node)
 * @param uuid libvirt domain UUID
 * @param type hypervisor type
 * @param memoryMiB guest memory in MiB
 * @param vcpus number of virtual CPUs
 * @param arch guest architecture, e.g. {@code x86_64}
 * @param boot how the domain boots
 * @param disks disks in attachment order
 * @param console serial console, if any
 * @param onPoweroff action on guest power-off
 * @param onReboot action on guest reboot
 * @param onCrash action on guest crash
 * @param sysinfo SMBIOS system information shown to the guest, if any
 * @param interfaces network interfaces in attachment order (eth0 first), may be empty
 * @param dacLabel user and group QEMU runs as, with libvirt's relabelling of the domain's files
 *     off; empty leaves libvirt's default (dynamic) labelling
 */
public record DomainSpec(
    String name,
    UUID uuid,
    DomainType type,
    int memoryMiB,
    int vcpus,
    String arch,
    OsBoot boot,
    List<Disk> disks,
    Optional<SerialConsole> console,
    LifecycleAction onPoweroff,
    LifecycleAction onReboot,
    LifecycleAction onCrash,
    Optional<Sysinfo> sysinfo,
    List<NetworkInterface> interfaces,
    Optional<DacLabel> dacLabel) {

  /** Validates the fields libvirt would otherwise reject with a less specific error. */
  public DomainSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException("invalid domain name: " + name);
    }
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(type, "type");
    if (memoryMiB <= 0 || vcpus <= 0) {
      throw new IllegalArgumentException("memory and vcpus must be positive");
    }
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(boot, "boot");
    disks = List.copyOf(disks);
    if (disks.stream().map(Disk::targetDev).distinct().count() != disks.size()) {
      throw new IllegalArgumentException("duplicate disk target in " + disks);
    }
    Objects.requireNonNull(console, "console");
    Objects.requireNonNull(onPoweroff, "onPoweroff");
    Objects.requireNonNull(onReboot, "onReboot");
    Objects.requireNonNull(onCrash, "onCrash");
    Objects.requireNonNull(sysinfo, "sysinfo");
    interfaces = List.copyOf(interfaces);
    Objects.requireNonNull(dacLabel, "dacLabel");
  }

  /**
   * A domain without SMBIOS system information, without network interfaces and with libvirt's
   * default labelling.
   */
  public DomainSpec(
      String name,
      UUID uuid,
      DomainType type,
      int memoryMiB,
      int vcpus,
      String arch,
      OsBoot boot,
      List<Disk> disks,
      Optional<SerialConsole> console,
      LifecycleAction onPoweroff,
      LifecycleAction onReboot,
      LifecycleAction onCrash) {
    this(
        name,
        uuid,
        type,
        memoryMiB,
        vcpus,
        arch,
        boot,
        disks,
        console,
        onPoweroff,
        onReboot,
        onCrash,
        Optional.empty(),
        List.of(),
        Optional.empty());
  }

  /** This domain with {@code info} as its SMBIOS system information. */
  public DomainSpec withSysinfo(Sysinfo info) {
    return new DomainSpec(
        name,
        uuid,
        type,
        memoryMiB,
        vcpus,
        arch,
        boot,
        disks,
        console,
        onPoweroff,
        onReboot,
        onCrash,
        Optional.of(info),
        interfaces,
        dacLabel);
  }

  /** This domain with {@code nics} as its network interfaces. */
  public DomainSpec withInterfaces(List<NetworkInterface> nics) {
    return new DomainSpec(
        name,
        uuid,
        type,
        memoryMiB,
        vcpus,
        arch,
        boot,
        disks,
        console,
        onPoweroff,
        onReboot,
        onCrash,
        sysinfo,
        nics,
        dacLabel);
  }

  /** This domain running QEMU as {@code label}, with libvirt's relabelling of its files off. */
  public DomainSpec withDacLabel(DacLabel label) {
    return new DomainSpec(
        name,
        uuid,
        type,
        memoryMiB,
        vcpus,
        arch,
        boot,
        disks,
        console,
        onPoweroff,
        onReboot,
        onCrash,
        sysinfo,
        interfaces,
        Optional.of(label));
  }

  /** True when a disk sits on the SCSI bus, which requires a SCSI controller. */
  public boolean needsScsiController() {
    return disks.stream().anyMatch(d -> d.bus() == Disk.Bus.SCSI);
  }
}
