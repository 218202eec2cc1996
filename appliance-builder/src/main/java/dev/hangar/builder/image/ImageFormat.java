package dev.hangar.builder.image;

/**
 * A whole-disk image format Hangar can recognise; GPT and MBR are raw images whose first sectors
 * hold that partition table.
 */
public enum ImageFormat {
  RAW("raw"),
  GPT("raw"),
  MBR("raw"),
  ISO("raw"),
  QCOW2("qcow2"),
  VMDK("vmdk"),
  VHD("vpc"),
  VHDX("vhdx"),
  QED("qed"),
  OVA(null);

  private final String qemuDriver;

  ImageFormat(String qemuDriver) {
    this.qemuDriver = qemuDriver;
  }

  /** Returns the name qemu-img's {@code -f} option takes for this format, or null for OVA. */
  public String qemuDriver() {
    return qemuDriver;
  }

  /** Returns whether the image bytes are the disk bytes (raw, or raw with a partition table). */
  public boolean isRawKind() {
    return this == RAW || this == GPT || this == MBR;
  }

  /** Returns whether the format wraps the disk in its own metadata (qemu-img must unwrap it). */
  public boolean isContainer() {
    return this == QCOW2
        || this == VMDK
        || this == VHD
        || this == VHDX
        || this == QED
        || this == OVA;
  }

  /**
   * Returns whether an upload claimed to be this format may be {@code detected}: equal formats, or
   * a raw claim for a raw image that carries a partition table.
   */
  public boolean accepts(ImageFormat detected) {
    return this == detected || (this == RAW && detected.isRawKind());
  }
}
