package dev.hangar.deployer.domain;

import java.util.Objects;

/**
 * One file-backed disk of a domain.
 *
 * @param device whether the guest sees a disk or a CD-ROM
 * @param bus the bus the guest sees it on
 * @param targetDev guest device name hint, e.g. {@code vda} or {@code sda}
 * @param sourcePath node path of the backing file
 * @param driverFormat image format QEMU opens the file with
 * @param readOnly the guest may not write
 * @param shareable several domains may attach the same file at once
 */
public record Disk(
    Device device,
    Bus bus,
    String targetDev,
    String sourcePath,
    Format driverFormat,
    boolean readOnly,
    boolean shareable) {

  /** Validates that every field is present and a CD-ROM is read-only. */
  public Disk {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(bus, "bus");
    Objects.requireNonNull(targetDev, "targetDev");
    Objects.requireNonNull(sourcePath, "sourcePath");
    Objects.requireNonNull(driverFormat, "driverFormat");
    if (device == Device.CDROM && !readOnly) {
      throw new IllegalArgumentException("a CD-ROM must be read-only: " + targetDev);
    }
  }

  /** Guest-visible device kind. */
  public enum Device {
    DISK("disk"),
    CDROM("cdrom");

    private final String xmlValue;

    Device(String xmlValue) {
      this.xmlValue = xmlValue;
    }

    /** The value of {@code <disk device='...'>}. */
    public String xmlValue() {
      return xmlValue;
    }
  }

  /**
   * Guest-visible bus; {@link #SCSI} needs a SCSI controller, which the writer adds. Backend
   * writers for Xen and ESX choose their own bus (see their Javadoc).
   */
  public enum Bus {
    VIRTIO("virtio"),
    SCSI("scsi"),
    SATA("sata"),
    XEN("xen"),
    IDE("ide");

    private final String xmlValue;

    Bus(String xmlValue) {
      this.xmlValue = xmlValue;
    }

    /** The value of {@code <target bus='...'>}. */
    public String xmlValue() {
      return xmlValue;
    }
  }

  /** Image format of the backing file. */
  public enum Format {
    RAW("raw"),
    QCOW2("qcow2");

    private final String xmlValue;

    Format(String xmlValue) {
      this.xmlValue = xmlValue;
    }

    /** The value of {@code <driver type='...'>}. */
    public String xmlValue() {
      return xmlValue;
    }
  }
}
