package dev.hangar.builder;

import java.util.List;

/**
 * How the appliance boots: the kernel source ({@code host} only), the kernel modules the initramfs
 * loads (their dependencies are added automatically) and the kernel command line.
 */
public record BootSpec(String kernel, List<String> modules, String cmdline) {

  /** The only supported kernel source: the newest kernel installed on the build host. */
  public static final String HOST_KERNEL = "host";
}
