package dev.hangar.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/** The statically linked busybox both the initramfs and the root file system run on. */
final class Busybox {
  /** Applets the initramfs {@code /init} uses. */
  static final List<String> INITRAMFS_APPLETS =
      List.of(
          "cat",
          "cttyhack",
          "dmesg",
          "insmod",
          "ls",
          "mkdir",
          "mount",
          "setsid",
          "sh",
          "sleep",
          "switch_root",
          "umount",
          "usleep");

  /** Applets installed in the root file system: what the guest agent and an operator need. */
  static final List<String> ROOTFS_APPLETS =
      List.of(
          "[",
          "ash",
          "awk",
          "base64",
          "basename",
          "cat",
          "chgrp",
          "chmod",
          "chown",
          "cp",
          "cttyhack",
          "cut",
          "date",
          "dd",
          "df",
          "dirname",
          "dmesg",
          "echo",
          "env",
          "expr",
          "false",
          "find",
          "findfs",
          "free",
          "grep",
          "gunzip",
          "head",
          "hostname",
          "httpd",
          "id",
          "ip",
          "kill",
          "ln",
          "ls",
          "mkdir",
          "mkswap",
          "more",
          "mount",
          "mv",
          "nc",
          "od",
          "poweroff",
          "printf",
          "ps",
          "readlink",
          "reboot",
          "rm",
          "rmdir",
          "sed",
          "seq",
          "setsid",
          "sh",
          "sha256sum",
          "sleep",
          "sort",
          "stat",
          "swapon",
          "sync",
          "tail",
          "tee",
          "test",
          "timeout",
          "touch",
          "tr",
          "true",
          "udhcpc",
          "umount",
          "uname",
          "uniq",
          "usleep",
          "vi",
          "wc",
          "wget",
          "xargs");

  private static final int PT_INTERP = 3;

  private Busybox() {}

  /**
   * Returns {@code busybox} if it is a 64-bit ELF without a program interpreter (statically
   * linked); a dynamic binary would fail at boot with no libraries, so reject it at build time.
   */
  static Path requireStatic(Path busybox) {
    try (FileChannel ch = FileChannel.open(busybox)) {
      ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(header, 0);
      if (header.getInt(0) != 0x464C457F || header.get(4) != 2) {
        throw new BuildException(busybox + " is not a 64-bit ELF executable");
      }
      long phoff = header.getLong(0x20);
      int phentsize = Short.toUnsignedInt(header.getShort(0x36));
      int phnum = Short.toUnsignedInt(header.getShort(0x38));
      ByteBuffer ph = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < phnum; i++) {
        ph.clear();
        ch.read(ph, phoff + (long) i * phentsize);
        if (ph.getInt(0) == PT_INTERP) {
          throw new BuildException(
              busybox + " is dynamically linked; install busybox-static or point busybox at it");
        }
      }
      return busybox;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + busybox, e);
    }
  }
}
