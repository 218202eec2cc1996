package dev.hangar.context;

import java.util.regex.Pattern;

/**
 * {@code nfs-export}: exports {@code NFS_EXPORT_PATH} over NFS to {@code NFS_EXPORT_CLIENTS} (a
 * host, CIDR or {@code *}) with {@code NFS_EXPORT_OPTIONS} (default {@code
 * rw,sync,no_subtree_check}). The image must contain the NFS server ({@code nfs-kernel-server}).
 */
public final class NfsExportComponent implements Component {
  /** The exports file this component owns, so the image's own {@code /etc/exports} is kept. */
  public static final String EXPORTS_FILE = "/etc/exports.d/hangar.exports";

  private static final Pattern CLIENTS = Pattern.compile("\\*|[A-Za-z0-9.-]+(/[0-9]{1,2})?");
  private static final Pattern OPTIONS =
      Pattern.compile("[a-z_]+(=[A-Za-z0-9]+)?(,[a-z_]+(=[A-Za-z0-9]+)?)*");

  @Override
  public String name() {
    return "nfs-export";
  }

  @Override
  public void contribute(ComponentContext context, CloudConfigBuilder config) {
    String path = context.require("NFS_EXPORT_PATH");
    String clients = context.require("NFS_EXPORT_CLIENTS");
    String options = context.optional("NFS_EXPORT_OPTIONS", "rw,sync,no_subtree_check");
    try {
      Fields.absolutePath("NFS_EXPORT_PATH", path);
    } catch (InvalidSeedException e) {
      throw context.problem("NFS_EXPORT_PATH", "must be a normalised absolute path");
    }
    if (path.chars().anyMatch(Character::isWhitespace)) {
      throw context.problem("NFS_EXPORT_PATH", "must not contain white space");
    }
    if (!CLIENTS.matcher(clients).matches()) {
      throw context.problem("NFS_EXPORT_CLIENTS", "must be a host, CIDR or *");
    }
    if (!OPTIONS.matcher(options).matches()) {
      throw context.problem("NFS_EXPORT_OPTIONS", "must be comma-separated export options");
    }
    config.addFile(FileSpec.text(EXPORTS_FILE, path + " " + clients + "(" + options + ")\n"));
    // runcmd runs after mounts, so an export below a blankspace mount point exists by then.
    config.addRunCommand(RunCommand.of("mkdir", "-p", path));
    config.addRunCommand(RunCommand.of("systemctl", "enable", "--now", "nfs-server"));
    config.addRunCommand(RunCommand.of("exportfs", "-ra"));
  }
}
