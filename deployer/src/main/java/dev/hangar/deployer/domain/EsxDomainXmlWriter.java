package dev.hangar.deployer.domain;

import dev.hangar.deployer.xml.XmlBuilder;
import java.util.regex.Pattern;

/**
 * Writes a {@link DomainSpec} as a VMware ESX guest for libvirt's esx driver (which turns it into a
 * VMX file).
 *
 * <p>What the model maps to: ESX has no direct kernel boot, so only {@link BiosBoot} is accepted
 * and the guest boots from its first disk. Disk sources must be datastore paths ({@code [datastore]
 * dir/file.vmdk}), the only form the esx driver resolves; disks go on the SCSI bus behind an LSI
 * Logic controller as {@code sda}, {@code sdb}, ... and CD-ROMs on IDE as {@code hda}, ... in spec
 * order. Not expressible and so left out: image format and sharing (VMDK/ISO files carry their
 * own), lifecycle actions (the esx driver accepts only its defaults) and the serial console log.
 */
public final class EsxDomainXmlWriter implements DomainXmlFormat {
  private static final Pattern DATASTORE_PATH = Pattern.compile("^\\[[^\\]]+\\] \\S.*$");

  @Override
  public String write(DomainSpec spec) {
    if (!(spec.boot() instanceof BiosBoot)) {
      throw new IllegalArgumentException("ESX has no direct kernel boot; use BIOS boot");
    }
    if (spec.sysinfo().isPresent()) {
      // Refused rather than dropped: a guest waiting for its NoCloud-net URL would never get it.
      throw new IllegalArgumentException("SMBIOS sysinfo is not modelled for the esx driver");
    }
    if (spec.dacLabel().isPresent()) {
      // A QEMU DAC label means nothing to this hypervisor; the volumes were made for QEMU's user.
      throw new IllegalArgumentException("a DAC label is not modelled for an ESX guest");
    }
    if (!spec.interfaces().isEmpty()) {
      // Not written yet; dropping them silently would boot a VM without the network it asked for.
      throw new IllegalArgumentException("network interfaces are not supported by this writer yet");
    }
    XmlBuilder xml = new XmlBuilder();
    xml.start("domain", "type", DomainType.VMWARE.xmlValue());
    xml.text("name", spec.name());
    xml.text("uuid", spec.uuid().toString());
    xml.text("memory", Integer.toString(spec.memoryMiB()), "unit", "MiB");
    xml.text("vcpu", Integer.toString(spec.vcpus()));
    xml.start("os");
    xml.text("type", "hvm", "arch", spec.arch());
    xml.end();
    xml.start("devices");
    boolean anyScsi = false;
    int scsiUnit = 0;
    int ideUnit = 0;
    for (Disk disk : spec.disks()) {
      if (!DATASTORE_PATH.matcher(disk.sourcePath()).matches()) {
        throw new IllegalArgumentException("not a [datastore] path: " + disk.sourcePath());
      }
      boolean cdrom = disk.device() == Disk.Device.CDROM;
      if (!cdrom && scsiUnit > 15 || cdrom && ideUnit > 3) {
        throw new IllegalArgumentException("too many disks for one controller");
      }
      xml.start("disk", "type", "file", "device", disk.device().xmlValue());
      xml.empty("source", "file", disk.sourcePath());
      if (cdrom) {
        xml.empty("target", "dev", "hd" + (char) ('a' + ideUnit), "bus", Disk.Bus.IDE.xmlValue());
        ideUnit++;
      } else {
        xml.empty("target", "dev", "sd" + (char) ('a' + scsiUnit), "bus", Disk.Bus.SCSI.xmlValue());
        scsiUnit++;
        anyScsi = true;
      }
      if (disk.readOnly() && !cdrom) {
        xml.empty("readonly");
      }
      xml.end();
    }
    if (anyScsi) {
      xml.empty("controller", "type", "scsi", "index", "0", "model", "lsilogic");
    }
    xml.end();
    xml.end();
    return xml.build();
  }
}
