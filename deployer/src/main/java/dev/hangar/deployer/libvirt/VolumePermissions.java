package dev.hangar.deployer.libvirt;

import dev.hangar.deployer.domain.DacLabel;
import java.util.regex.Pattern;

/**
 * Mode, owner and group a cache volume is created with, in libvirt's volume XML terms.
 *
 * @param mode octal mode as libvirt prints it, e.g. {@code 0640}
 * @param owner numeric owner
 * @param group numeric group
 */
record VolumePermissions(String mode, int owner, int group) {
  private static final Pattern MODE = Pattern.compile("0[0-7]{3}");

  VolumePermissions {
    if (!MODE.matcher(mode).matches()) {
      throw new IllegalArgumentException("mode must be four octal digits: " + mode);
    }
  }

  /**
   * Content shared by every deployment on the node (kernels, initrds, partition images) and seed
   * ISOs: owned by root (libvirtd), readable by QEMU's group only, so no guest can change it.
   */
  static VolumePermissions readOnlyFor(DacLabel guest) {
    return new VolumePermissions("0640", 0, guest.gid());
  }

  /** A per-deployment volume the guest writes (overlays, blank disks): QEMU's user owns it. */
  static VolumePermissions writableBy(DacLabel guest) {
    return new VolumePermissions("0600", guest.uid(), guest.gid());
  }

  /** The form {@link VolumeStamp#permissions()} uses: {@code mode:owner:group}. */
  String stampForm() {
    return mode + ":" + owner + ":" + group;
  }
}
