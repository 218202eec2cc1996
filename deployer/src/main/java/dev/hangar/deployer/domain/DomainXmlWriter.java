package dev.hangar.deployer.domain;

import dev.hangar.deployer.xml.XmlBuilder;

/**
 * Serialises a {@link DomainSpec} to libvirt domain XML for QEMU/KVM; escaping is done by the
 * serializer. {@link #forType} picks the writer for other hypervisors.
 */
public final class DomainXmlWriter implements DomainXmlFormat {

  /** The writer for domains of {@code type}. */
  public static DomainXmlFormat forType(DomainType type) {
    return switch (type) {
      case QEMU, KVM -> new DomainXmlWriter();
      case XEN -> new XenDomainXmlWriter();
      case VMWARE -> new EsxDomainXmlWriter();
    };
  }

  /** Returns the domain XML for {@code spec}, newline-terminated, without an XML declaration. */
  @Override
  public String write(DomainSpec spec) {
    XmlBuilder xml = new XmlBuilder();
    xml.start("domain", "type", spec.type().xmlValue());
    xml.text("name", spec.name());
    xml.text("uuid", spec.uuid().toString());
    xml.text("memory", Integer.toString(spec.memoryMiB()), "unit", "MiB");
    xml.text("vcpu", Integer.toString(spec.vcpus()));
    spec.sysinfo().ifPresent(info -> writeSysinfo(xml, info));
    writeOs(xml, spec);
    // ACPI, so that stopping a VM presses its power button (virsh shutdown) and the guest can
    // unmount its file systems; without it every stop waits out the grace period and pulls the
    // plug.
    xml.start("features");
    xml.empty("acpi");
    xml.empty("apic");
    xml.end();
    xml.text("on_poweroff", spec.onPoweroff().xmlValue());
    xml.text("on_reboot", spec.onReboot().xmlValue());
    xml.text("on_crash", spec.onCrash().xmlValue());
    xml.start("devices");
    if (spec.needsScsiController()) {
      xml.empty("controller", "type", "scsi", "index", "0", "model", "virtio-scsi");
    }
    for (Disk disk : spec.disks()) {
      writeDisk(xml, disk);
    }
    for (NetworkInterface nic : spec.interfaces()) {
      writeInterface(xml, nic);
    }
    spec.console().ifPresent(console -> writeConsole(xml, console));
    // An entropy source: without one a fresh guest's kernel RNG is not ready until about a second
    // of timer jitter has been collected, and the first boot's SSH host key waits for it.
    xml.start("rng", "model", "virtio");
    xml.text("backend", "/dev/urandom", "model", "random");
    xml.end();
    // No balloon: appliances get a fixed allocation and the device only costs boot time under TCG.
    xml.empty("memballoon", "model", "none");
    xml.end();
    spec.dacLabel().ifPresent(label -> writeDacLabel(xml, label));
    xml.end();
    return xml.build();
  }

  private static void writeOs(XmlBuilder xml, DomainSpec spec) {
    xml.start("os");
    xml.text("type", "hvm", "arch", spec.arch());
    // Java 17 has no pattern switch; OsBoot is sealed, so these are all the variants.
    if (spec.boot() instanceof DirectKernelBoot direct) {
      xml.text("kernel", direct.kernelPath());
      xml.text("initrd", direct.initrdPath());
      xml.text("cmdline", direct.cmdline());
    } else {
      xml.empty("boot", "dev", "hd");
    }
    if (spec.sysinfo().isPresent()) {
      // Without this the <sysinfo> block is only metadata and the guest's SMBIOS stays default.
      xml.empty("smbios", "mode", "sysinfo");
    }
    xml.end();
  }

  /** QEMU runs as {@code label}; libvirt leaves the ownership of the domain's files alone. */
  private static void writeDacLabel(XmlBuilder xml, DacLabel label) {
    xml.start("seclabel", "type", "static", "model", "dac", "relabel", "no");
    xml.text("label", label.xmlValue());
    xml.end();
  }

  private static void writeSysinfo(XmlBuilder xml, Sysinfo info) {
    xml.start("sysinfo", "type", "smbios");
    xml.start("system");
    info.system().forEach((name, value) -> xml.text("entry", value, "name", name));
    xml.end();
    xml.end();
  }

  private static void writeDisk(XmlBuilder xml, Disk disk) {
    xml.start("disk", "type", "file", "device", disk.device().xmlValue());
    xml.empty("driver", "name", "qemu", "type", disk.driverFormat().xmlValue());
    xml.empty("source", "file", disk.sourcePath());
    xml.empty("target", "dev", disk.targetDev(), "bus", disk.bus().xmlValue());
    if (disk.readOnly()) {
      xml.empty("readonly");
    }
    if (disk.shareable()) {
      xml.empty("shareable");
    }
    xml.end();
  }

  private static void writeInterface(XmlBuilder xml, NetworkInterface nic) {
    if (nic.network().isPresent()) {
      xml.start("interface", "type", "network");
      xml.empty("source", "network", nic.network().get());
    } else {
      xml.start("interface", "type", "user");
    }
    nic.macAddress().ifPresent(mac -> xml.empty("mac", "address", mac));
    xml.empty("model", "type", "virtio");
    // No option ROM: a direct-kernel-boot appliance never network-boots, and under TCG loading
    // iPXE only delays the boot.
    xml.empty("rom", "enabled", "no");
    xml.end();
  }

  private static void writeConsole(XmlBuilder xml, SerialConsole console) {
    xml.start("serial", "type", "pty");
    xml.empty("target", "port", "0");
    xml.empty("log", "file", console.logFile(), "append", "off");
    xml.end();
    xml.start("console", "type", "pty");
    xml.empty("target", "type", "serial", "port", "0");
    xml.end();
  }
}
