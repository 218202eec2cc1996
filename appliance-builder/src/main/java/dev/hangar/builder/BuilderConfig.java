package dev.hangar.builder;

import java.nio.file.Path;

/**
 * Host settings of a build: the source date epoch written into every timestamp and where the tools
 * and the host kernel are.
 *
 * @param ssh the SSH server and its tools copied into every root file system
 */
public record BuilderConfig(
    long sourceDateEpoch,
    Path busybox,
    Path mke2fs,
    Path debugfs,
    Path bootDir,
    Path modulesRoot,
    boolean gzipInitramfs,
    SshPrograms ssh) {

  /**
   * Dropbear's programs on the host, each copied to the same path in the guest with its libraries:
   * the server, the host key generator and the client. A root file system carries no host key; the
   * guest agent makes one per VM on its first boot.
   */
  public record SshPrograms(Path dropbear, Path dropbearkey, Path dbclient) {
    /** Debian's {@code dropbear-bin} locations. */
    public static SshPrograms debian() {
      return new SshPrograms(
          Path.of("/usr/sbin/dropbear"),
          Path.of("/usr/bin/dropbearkey"),
          Path.of("/usr/bin/dbclient"));
    }

    /** The programs in install order. */
    public java.util.List<Path> all() {
      return java.util.List.of(dropbear, dropbearkey, dbclient);
    }
  }

  /**
   * Returns Debian's locations with {@code sourceDateEpoch} from the {@code SOURCE_DATE_EPOCH}
   * environment variable (0 when unset) and a gzip-compressed initramfs.
   */
  public static BuilderConfig defaults() {
    return new BuilderConfig(
        epochFrom(System.getenv("SOURCE_DATE_EPOCH")),
        Path.of("/bin/busybox"),
        Path.of("/sbin/mke2fs"),
        Path.of("/sbin/debugfs"),
        Path.of("/boot"),
        Path.of("/lib/modules"),
        true,
        SshPrograms.debian());
  }

  /** Returns a copy with the given source date epoch. */
  public BuilderConfig withSourceDateEpoch(long epoch) {
    return new BuilderConfig(
        epoch, busybox, mke2fs, debugfs, bootDir, modulesRoot, gzipInitramfs, ssh);
  }

  static long epochFrom(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long epoch = Long.parseLong(value.trim());
      if (epoch < 0 || epoch > 0xFFFFFFFFL) {
        throw new IllegalArgumentException("SOURCE_DATE_EPOCH out of range: " + value);
      }
      return epoch;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SOURCE_DATE_EPOCH is not a number: '" + value + "'", e);
    }
  }
}
