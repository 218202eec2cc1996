package dev.hangar.builder;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Which image of the host kernel an appliance ships; serialised in lower case ({@code pvh}). Both
 * hold the same kernel; they differ in how a hypervisor enters it and in size.
 */
public enum KernelFormat {
  /**
   * The host's {@code /boot/vmlinuz-*} as installed: an x86 bzImage, entered in real mode, which
   * decompresses itself. The smallest file (8 MiB for Debian 12's kernel), and under TCG the
   * slowest start (about 3 s of setup and decompression before the kernel runs).
   */
  BZIMAGE("vmlinuz"),
  /**
   * The uncompressed ELF {@code vmlinux} decompressed from that bzImage, entered at its PVH entry
   * point (the {@code XEN_ELFNOTE_PHYS32_ENTRY} note) directly in 32-bit protected mode: QEMU's
   * {@code -kernel} (libvirt's {@code <kernel>}) loads it, skipping real-mode setup and
   * decompression. Several times larger (63 MiB for Debian 12's kernel, half of it zeroes).
   */
  PVH("vmlinux");

  private final String fileName;

  KernelFormat(String fileName) {
    this.fileName = fileName;
  }

  /** Name of the kernel file in the built appliance's directory. */
  public String fileName() {
    return fileName;
  }

  /** Returns the lower-case name used in recipes. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
