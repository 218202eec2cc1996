package dev.hangar.context;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A file system cloud-init adds to {@code /etc/fstab} and mounts ({@code mounts}); it creates the
 * mount point.
 *
 * @param device a device under {@code /dev/}, or {@code host:/path} for {@code nfs}/{@code nfs4}
 * @param mountPoint absolute path of the mount point
 * @param fsType file system type, e.g. {@code ext4}, {@code xfs}, {@code nfs}
 * @param options comma-separated mount options without white space
 */
public record MountSpec(String device, String mountPoint, String fsType, String options) {
  private static final Set<String> NETWORK_TYPES = Set.of("nfs", "nfs4");
  private static final Pattern FS_TYPE = Pattern.compile("[a-z0-9]{2,16}");
  private static final Pattern OPTIONS = Pattern.compile("[A-Za-z0-9_.,=:/@+-]+");
  private static final Pattern NETWORK_DEVICE =
      Pattern.compile(
          "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*):(/.*)");

  /** Validates every field; {@link InvalidSeedException#field()} names the offending one. */
  public MountSpec {
    Fields.absolutePath("mounts.mountPoint", mountPoint);
    if (mountPoint.equals("/")) {
      throw new InvalidSeedException("mounts.mountPoint", "must not be the root directory");
    }
    String at = "mounts[" + mountPoint + "]";
    Fields.matching(at + ".fsType", fsType, FS_TYPE, "must be a file system type like ext4");
    Fields.matching(at + ".options", options, OPTIONS, "must be comma-separated mount options");
    if (NETWORK_TYPES.contains(fsType)) {
      var matcher = NETWORK_DEVICE.matcher(Fields.require(at + ".device", device));
      if (!matcher.matches()) {
        throw new InvalidSeedException(at + ".device", "must be host:/path for " + fsType);
      }
      Fields.absolutePath(at + ".device", matcher.group(5));
    } else {
      Fields.devicePath(at + ".device", device);
    }
  }

  /** Whether the file system is reached over the network rather than a local block device. */
  public boolean isNetwork() {
    return NETWORK_TYPES.contains(fsType);
  }

  List<String> toCloudConfig() {
    // fs_passno 2 lets fsck check local disks after the root; network file systems are not checked.
    return List.of(device, mountPoint, fsType, options, "0", isNetwork() ? "0" : "2");
  }
}
