package dev.hangar.deployer.libvirt;

import dev.hangar.deployer.xml.XmlBuilder;
import java.nio.file.Path;

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

  /** A sparse raw volume of {@code capacity} bytes (nothing allocated up front). */
  static String rawVolume(String name, long capacity) {
    return volume(name, capacity, "raw", null);
  }

  /** A qcow2 volume whose reads fall through to the raw file at {@code backingPath}. */
  static String qcow2Overlay(String name, long capacity, String backingPath) {
    return volume(name, capacity, "qcow2", backingPath);
  }

  private static String volume(String name, long capacity, String format, String backingPath) {
    XmlBuilder xml =
        new XmlBuilder()
            .start("volume", "type", "file")
            .text("name", name)
            .text("capacity", Long.toString(capacity), "unit", "bytes")
            .text("allocation", "0", "unit", "bytes")
            .start("target")
            .empty("format", "type", format)
            .end();
    if (backingPath != null) {
      xml.start("backingStore").text("path", backingPath).empty("format", "type", "raw").end();
    }
    return xml.end().build();
  }
}
