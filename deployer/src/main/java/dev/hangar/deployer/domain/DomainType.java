package dev.hangar.deployer.domain;

/** Hypervisor type of a domain: plain QEMU (TCG emulation) or hardware-accelerated KVM. */
public enum DomainType {
  QEMU("qemu"),
  KVM("kvm");

  private final String xmlValue;

  DomainType(String xmlValue) {
    this.xmlValue = xmlValue;
  }

  /** The value of {@code <domain type='...'>}. */
  public String xmlValue() {
    return xmlValue;
  }
}
