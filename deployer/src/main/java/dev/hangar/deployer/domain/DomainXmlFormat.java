package dev.hangar.deployer.domain;

/** Turns a {@link DomainSpec} into one hypervisor's libvirt domain XML. */
public interface DomainXmlFormat {
  /**
   * Returns the domain XML for {@code spec}, newline-terminated, without an XML declaration.
   *
   * @throws IllegalArgumentException if {@code spec} asks for something this hypervisor cannot do
   */
  String write(DomainSpec spec);
}
