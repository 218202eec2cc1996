package dev.hangar.deployer.domain;

import dev.hangar.deployer.xml.XmlBuilder;

/**
 * Writes a {@link DomainSpec} as a Xen paravirtualised (PV) guest for libvirt's libxl driver.
 *
 * <p>What the model maps to: direct kernel boot becomes the PV kernel/initrd/cmdline (PV has no
 * firmware, so {@link BiosBoot} is rejected: that would need an HVM guest, not modelled); every
 * disk goes on the Xen bus as {@code xvda}, {@code xvdb}, ... in spec order (the spec's target
 * names are QEMU bus names, meaningless to a PV guest); a CD-ROM stays a read-only CD-ROM. The
 * serial console becomes the PV console; its log file cannot be expressed (libvirt logs character
 * devices only for QEMU), so it is left out.
 */
public final class XenDomainXmlWriter implements DomainXmlFormat {

  @Override
  public String write(DomainSpec spec) {
    if (!(spec.boot() instanceof DirectKernelBoot direct)) {
      throw new IllegalArgumentException("a Xen PV guest needs direct kernel boot");
    }
    if (spec.sysinfo().isPresent()) {
      // Refused rather than dropped: a guest waiting for its NoCloud-net URL would never get it.
      throw new IllegalArgumentException("SMBIOS sysinfo is not modelled for a Xen PV guest");
    }
    if (spec.dacLabel().isPresent()) {
      // A QEMU DAC label means nothing to this hypervisor; the volumes were made for QEMU's user.
      throw new IllegalArgumentException("a DAC label is not modelled for a Xen PV guest");
    }
    if (!spec.interfaces().isEmpty()) {
      // Not written yet; dropping them silently would boot a VM without the network it asked for.
      throw new IllegalArgumentException("network interfaces are not supported by this writer yet");
    }
    if (spec.disks().size() > 26) {
      throw new IllegalArgumentException("at most 26 disks (xvda..xvdz)");
    }
    XmlBuilder xml = new XmlBuilder();
    xml.start("domain", "type", DomainType.XEN.xmlValue());
    xml.text("name", spec.name());
    xml.text("uuid", spec.uuid().toString());
    xml.text("memory", Integer.toString(spec.memoryMiB()), "unit", "MiB");
    xml.text("vcpu", Integer.toString(spec.vcpus()));
    xml.start("os");
    xml.text("type", "linux", "arch", spec.arch(), "machine", "xenpv");
    xml.text("kernel", direct.kernelPath());
    xml.text("initrd", direct.initrdPath());
    xml.text("cmdline", direct.cmdline());
    xml.end();
    xml.text("on_poweroff", spec.onPoweroff().xmlValue());
    xml.text("on_reboot", spec.onReboot().xmlValue());
    xml.text("on_crash", spec.onCrash().xmlValue());
    xml.start("devices");
    char letter = 'a';
    for (Disk disk : spec.disks()) {
      xml.start("disk", "type", "file", "device", disk.device().xmlValue());
      // The qdisk backend (QEMU in dom0) opens both raw and qcow2 files.
      xml.empty("driver", "name", "qemu", "type", disk.driverFormat().xmlValue());
      xml.empty("source", "file", disk.sourcePath());
      xml.empty("target", "dev", "xvd" + letter++, "bus", Disk.Bus.XEN.xmlValue());
      if (disk.readOnly()) {
        xml.empty("readonly");
      }
      if (disk.shareable()) {
        xml.empty("shareable");
      }
      xml.end();
    }
    if (spec.console().isPresent()) {
      xml.start("console", "type", "pty");
      xml.empty("target", "type", "xen", "port", "0");
      xml.end();
    }
    xml.end();
    xml.end();
    return xml.build();
  }
}
