package dev.hangar.deployer.domain;

/**
 * Hypervisor type of a domain: plain QEMU (TCG emulation), hardware-accelerated KVM, Xen (written
 * as a paravirtualised guest) or VMware ESX.
 */
public enum DomainType {
  QEMU("qemu"),
  KVM("kvm"),
  XEN("xen"),
  VMWARE("vmware");

  private final String xmlValue;

  DomainType(String xmlValue) {
    this.xmlValue = xmlValue;
  }

  /** The value of {@code <domain type='...'>}. */
  public String xmlValue() {
    return xmlValue;
  }
}
