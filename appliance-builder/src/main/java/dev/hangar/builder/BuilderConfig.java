package dev.hangar.builder;

import java.nio.file.Path;

/**
 * Host settings of a build: the source date epoch written into every timestamp and where the tools
 * and the host kernel are.
 */
public record BuilderConfig(
    long sourceDateEpoch,
    Path busybox,
    Path mke2fs,
    Path debugfs,
    Path bootDir,
    Path modulesRoot,
    boolean gzipInitramfs) {

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
        true);
  }

  /** Returns a copy with the given source date epoch. */
  public BuilderConfig withSourceDateEpoch(long epoch) {
    return new BuilderConfig(epoch, busybox, mke2fs, debugfs, bootDir, modulesRoot, gzipInitramfs);
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
