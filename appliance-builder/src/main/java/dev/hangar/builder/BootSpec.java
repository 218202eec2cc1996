package dev.hangar.builder;

import java.util.List;

/**
 * How the appliance boots: the kernel source ({@code host} only), which image of it to ship ({@link
 * KernelFormat}; {@code bzimage} when the recipe names none), the kernel modules the initramfs
 * loads (their dependencies are added automatically) and the kernel command line.
 */
public record BootSpec(
    String kernel, KernelFormat kernelFormat, List<String> modules, String cmdline) {

  /** The only supported kernel source: the newest kernel installed on the build host. */
  public static final String HOST_KERNEL = "host";

  /** A recipe without {@code kernelFormat} ships the bzImage, as before the option existed. */
  public BootSpec {
    kernelFormat = kernelFormat == null ? KernelFormat.BZIMAGE : kernelFormat;
  }
}
