package dev.hangar.deployer.libvirt;

import dev.hangar.deployer.xml.XmlBuilder;
import java.nio.file.Path;
import java.util.Optional;

/** Builds libvirt storage pool and volume XML. */
final class StorageXml {
  private StorageXml() {}

  /** A {@code dir} pool rooted at {@code dir}. */
  static String dirPool(String name, Path dir) {
    return new XmlBuilder()
        .start("pool", "type", "dir")
        .text("name", name)
        .start("target")
        .text("path", dir.toString())
        .end()
        .end()
        .build();
  }

  /**
   * A sparse raw volume of {@code capacity} bytes (nothing allocated up front), with {@code
   * permissions} if given, else libvirt's default (root, mode 0600).
   */
  static String rawVolume(String name, long capacity, Optional<VolumePermissions> permissions) {
    return volume(name, capacity, "raw", null, permissions);
  }

  /** A qcow2 volume whose reads fall through to the raw file at {@code backingPath}. */
  static String qcow2Overlay(
      String name, long capacity, String backingPath, Optional<VolumePermissions> permissions) {
    return volume(name, capacity, "qcow2", backingPath, permissions);
  }

  private static String volume(
      String name,
      long capacity,
      String format,
      String backingPath,
      Optional<VolumePermissions> permissions) {
    XmlBuilder xml =
        new XmlBuilder()
            .start("volume", "type", "file")
            .text("name", name)
            .text("capacity", Long.toString(capacity), "unit", "bytes")
            .text("allocation", "0", "unit", "bytes")
            .start("target")
            .empty("format", "type", format);
    permissions.ifPresent(
        p ->
            xml.start("permissions")
                .text("mode", p.mode())
                .text("owner", Integer.toString(p.owner()))
                .text("group", Integer.toString(p.group()))
                .end());
    xml.end();
    if (backingPath != null) {
      xml.start("backingStore").text("path", backingPath).empty("format", "type", "raw").end();
    }
    return xml.end().build();
  }
}
