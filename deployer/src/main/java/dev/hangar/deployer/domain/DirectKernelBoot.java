package dev.hangar.deployer.domain;

import java.util.Objects;

/**
 * Boot a Linux kernel and initrd straight from node-side files, bypassing firmware and boot loader.
 *
 * @param kernelPath node path of the kernel image
 * @param initrdPath node path of the initial ramdisk
 * @param cmdline kernel command line (may be empty)
 */
public record DirectKernelBoot(String kernelPath, String initrdPath, String cmdline)
    implements OsBoot {
  /** Rejects missing paths; an absent command line becomes empty. */
  public DirectKernelBoot {
    Objects.requireNonNull(kernelPath, "kernelPath");
    Objects.requireNonNull(initrdPath, "initrdPath");
    cmdline = cmdline == null ? "" : cmdline;
  }
}
