/**
 * Typed model of the libvirt <em>domain</em> the deployer boots, and its XML serialisation.
 *
 * <p>A <em>domain</em> is libvirt's name for one virtual machine definition: its name, UUID,
 * hypervisor type ({@link dev.hangar.deployer.domain.DomainType}), memory, vCPUs, boot method,
 * disks and serial console. {@link dev.hangar.deployer.domain.DomainSpec} is the complete value;
 * {@link dev.hangar.deployer.domain.DomainXmlWriter} turns it into libvirt domain XML for QEMU/KVM;
 * {@link dev.hangar.deployer.domain.DomainXmlWriter#forType} picks the <em>backend</em> writer (Xen
 * paravirtualised, VMware ESX), each documenting which parts of the model it can express. A
 * <em>disk</em> source is a file path on the node (normally a storage volume path), or for ESX a
 * {@code [datastore] path}.
 */
package dev.hangar.deployer.domain;
