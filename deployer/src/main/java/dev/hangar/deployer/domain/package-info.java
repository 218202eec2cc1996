/**
 * Typed model of the libvirt <em>domain</em> the deployer boots, and its XML serialisation.
 *
 * <p>A <em>domain</em> is libvirt's name for one virtual machine definition: its name, UUID,
 * hypervisor type ({@link dev.hangar.deployer.domain.DomainType}), memory, vCPUs, boot method,
 * disks and serial console. {@link dev.hangar.deployer.domain.DomainSpec} is the complete value;
 * {@link dev.hangar.deployer.domain.DomainXmlWriter} turns it into libvirt domain XML. A
 * <em>disk</em> source is always a file path on the node (normally a storage volume path).
 */
package dev.hangar.deployer.domain;
