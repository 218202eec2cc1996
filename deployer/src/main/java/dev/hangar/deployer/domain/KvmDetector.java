package dev.hangar.deployer.domain;

import dev.hangar.deployer.libvirt.LibvirtXml;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Chooses the domain type for a node: {@link DomainType#KVM} only if the KVM device opens
 * read-write, the node's libvirt capabilities offer a {@code kvm} guest domain type <em>and</em>,
 * on x86, the host CPU libvirt reports has hardware virtualisation ({@code vmx} or {@code svm});
 * otherwise {@link DomainType#QEMU} (TCG emulation).
 *
 * <p>All three are needed: {@code /dev/kvm} can exist without being usable (permissions), libvirt
 * may advertise kvm from a stale probe, and inside a VM without nested virtualisation both the
 * device and libvirt's kvm domain type can be present while a KVM guest never runs a single
 * instruction (seen on the CI machines: the guest hangs silently).
 */
public final class KvmDetector {
  /** The standard KVM device. */
  public static final Path DEV_KVM = Path.of("/dev/kvm");

  private final Path kvmDevice;

  /** Uses {@code kvmDevice} (normally {@link #DEV_KVM}) for the device check. */
  public KvmDetector(Path kvmDevice) {
    this.kvmDevice = kvmDevice;
  }

  /** Returns the usable domain type given the node's capabilities XML. */
  public DomainType detect(String capabilitiesXml) {
    LibvirtXml caps = LibvirtXml.parse(capabilitiesXml);
    return deviceOpensReadWrite()
            && count(caps, "/capabilities/guest/arch/domain[@type='kvm']") > 0
            && hostCpuVirtualises(caps)
        ? DomainType.KVM
        : DomainType.QEMU;
  }

  boolean deviceOpensReadWrite() {
    try (FileChannel ignored =
        FileChannel.open(kvmDevice, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** False only for an x86 host CPU that lacks both Intel VT-x and AMD-V. */
  private static boolean hostCpuVirtualises(LibvirtXml caps) {
    boolean x86 = count(caps, "/capabilities/host/cpu/arch[text()='x86_64' or text()='i686']") > 0;
    return !x86 || count(caps, "/capabilities/host/cpu/feature[@name='vmx' or @name='svm']") > 0;
  }

  private static double count(LibvirtXml caps, String xpath) {
    return Double.parseDouble(caps.string("count(" + xpath + ")"));
  }
}
