package dev.hangar.builder;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the initramfs: busybox, the resolved kernel modules and the {@code /init} script that
 * mounts the root partition, as a deterministic newc cpio, optionally gzip-compressed.
 */
final class InitramfsBuilder {
  private static final String INIT_RESOURCE = "init.sh";
  private static final int DIR = 0755;
  private static final int CONSOLE_MAJOR = 5;
  private static final int CONSOLE_MINOR = 1;

  private final Path busybox;
  private final long epoch;
  private final boolean gzip;

  /** Creates a builder stamping entries with {@code epoch}; {@code gzip} compresses the cpio. */
  InitramfsBuilder(Path busybox, long epoch, boolean gzip) {
    this.busybox = busybox;
    this.epoch = epoch;
    this.gzip = gzip;
  }

  /** Writes the initramfs for {@code modulePaths} (already in load order) to {@code target}. */
  void write(KernelModules modules, List<String> modulePaths, Path target) {
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target));
        // java.util.zip writes a fixed gzip header (mtime 0, no file name), so output is stable.
        OutputStream out = gzip ? new GZIPOutputStream(file, 1 << 16) : file) {
      CpioNewcWriter cpio = new CpioNewcWriter(out, epoch);
      for (String dir : List.of("bin", "dev", "etc", "etc/hangar", "lib", "lib/modules")) {
        cpio.directory(dir, DIR);
      }
      for (String dir : List.of("newroot", "proc", "sys")) {
        cpio.directory(dir, DIR);
      }
      // The kernel opens /dev/console before running /init; without it /init has no stdout.
      cpio.characterDevice("dev/console", 0600, CONSOLE_MAJOR, CONSOLE_MINOR);
      cpio.file("init", 0755, initScript());
      cpio.file("bin/busybox", 0755, busybox);
      for (String applet : Busybox.INITRAMFS_APPLETS) {
        cpio.symlink("bin/" + applet, "busybox");
      }
      StringBuilder loadOrder = new StringBuilder();
      for (String modulePath : modulePaths) {
        String name = KernelModules.nameOf(modulePath) + ".ko";
        cpio.file("lib/modules/" + name, 0644, modules.file(modulePath));
        loadOrder.append(name).append('\n');
      }
      cpio.file("etc/hangar/modules", 0644, loadOrder.toString().getBytes(StandardCharsets.UTF_8));
      cpio.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write initramfs " + target, e);
    }
  }

  private static byte[] initScript() throws IOException {
    try (InputStream in = InitramfsBuilder.class.getResourceAsStream(INIT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + INIT_RESOURCE + " missing from the jar");
      }
      return in.readAllBytes();
    }
  }
}
