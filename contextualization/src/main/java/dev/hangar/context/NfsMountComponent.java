package dev.hangar.context;

/**
 * {@code nfs-mount}: mounts {@code NFS_SERVER:NFS_REMOTE_PATH} at {@code NFS_MOUNT_POINT} (default
 * {@code /mnt/nfs}) with {@code NFS_MOUNT_OPTIONS} (default {@code defaults,_netdev,nofail}). The
 * image must contain the NFS client ({@code nfs-common}).
 */
public final class NfsMountComponent implements Component {
  @Override
  public String name() {
    return "nfs-mount";
  }

  @Override
  public void contribute(ComponentContext context, CloudConfigBuilder config) {
    String server = context.require("NFS_SERVER");
    if (!Fields.HOSTNAME.matcher(server).matches()) {
      throw context.problem("NFS_SERVER", "must be a host name or IPv4 address");
    }
    String remote = context.require("NFS_REMOTE_PATH");
    String mountPoint = context.optional("NFS_MOUNT_POINT", "/mnt/nfs");
    String options = context.optional("NFS_MOUNT_OPTIONS", "defaults,_netdev,nofail");
    config.addMount(new MountSpec(server + ":" + remote, mountPoint, "nfs", options));
  }
}
