package dev.hangar.deployer.libvirt;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What libvirt reports about a volume's file that any rewrite of its bytes would change: the inode
 * change time above all (the kernel sets {@code ctime} to the current time on every write,
 * truncate, rename or {@code utimes}, and no system call sets it to a chosen value), plus
 * modification time, sizes, key, path and permissions. Access time is left out: reading the volume
 * to verify it changes it.
 *
 * @param key libvirt's volume key (the file path for {@code dir} pools)
 * @param path node path of the file
 * @param capacity logical size in bytes
 * @param allocation bytes allocated on the node's disk
 * @param mtime modification time as libvirt prints it ({@code seconds.nanoseconds})
 * @param ctime inode change time as libvirt prints it ({@code seconds.nanoseconds})
 * @param permissions mode, owner and group
 */
public record VolumeStamp(
    String key,
    String path,
    long capacity,
    long allocation,
    String mtime,
    String ctime,
    String permissions) {
  private static final String SEPARATOR = "|";

  /**
   * Reads the stamp out of a volume description; empty when libvirt reports no change time (pool
   * types or drivers without timestamps), since without it a stamp proves nothing.
   */
  static Optional<VolumeStamp> fromVolumeXml(String volumeXml) {
    LibvirtXml xml = LibvirtXml.parse(volumeXml);
    String ctime = xml.string("/volume/target/timestamps/ctime");
    if (ctime.isEmpty() || ctime.equals("0")) {
      return Optional.empty();
    }
    return Optional.of(
        new VolumeStamp(
            xml.string("/volume/key"),
            xml.string("/volume/target/path"),
            Long.parseLong(xml.string("/volume/capacity")),
            Long.parseLong(xml.string("/volume/allocation")),
            xml.string("/volume/target/timestamps/mtime"),
            ctime,
            permissionsOf(xml)));
  }

  /** Mode, owner and group of a parsed volume description, as {@code mode:owner:group}. */
  static String permissionsOf(LibvirtXml volumeXml) {
    return String.join(
        ":",
        volumeXml.values(
            "/volume/target/permissions/mode | /volume/target/permissions/owner"
                + " | /volume/target/permissions/group"));
  }

  /** Change time in epoch milliseconds (truncated). */
  long ctimeMillis() {
    return new BigDecimal(ctime).movePointRight(3).longValue();
  }

  /** One-line form for the ledger file; {@link #decode} reads it back. */
  String encode() {
    return String.join(
        SEPARATOR,
        List.of(
            key,
            path,
            Long.toString(capacity),
            Long.toString(allocation),
            mtime,
            ctime,
            permissions));
  }

  /** Reads {@link #encode}'s form; empty for anything else, which then counts as no stamp. */
  static Optional<VolumeStamp> decode(String encoded) {
    String[] f = encoded.split("\\|", -1);
    if (f.length != 7) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new VolumeStamp(
              f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], f[5], f[6]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
