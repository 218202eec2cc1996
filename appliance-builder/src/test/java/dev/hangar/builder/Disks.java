package dev.hangar.builder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Reads files from ext4 images of stopped guests with e2fsprogs, without mounting them. */
final class Disks {
  private Disks() {}

  /**
   * Replays the journal of {@code image} (the VM was killed after it synced) and returns the
   * content of {@code file}.
   */
  /** The names in directory {@code dir} of {@code image}, read-only (no journal replay). */
  static java.util.List<String> list(Path image, String dir) throws Exception {
    Process p = new ProcessBuilder("debugfs", "-R", "ls -p " + dir, image.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("debugfs ls " + dir + " failed");
    }
    // "/<inode>/<mode>/<uid>/<gid>/<name>/<size>/" per entry.
    return out.lines()
        .map(l -> l.split("/", -1))
        .filter(f -> f.length > 5)
        .map(f -> f[5])
        .filter(n -> !n.equals(".") && !n.equals(".."))
        .toList();
  }

  static String cat(Path image, String file) throws Exception {
    Process fsck =
        new ProcessBuilder("e2fsck", "-fy", image.toString()).redirectErrorStream(true).start();
    String fsckOut = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!fsck.waitFor(60, TimeUnit.SECONDS) || fsck.exitValue() > 1) {
      throw new AssertionError("e2fsck " + image + " failed: " + fsckOut);
    }
    Process p = new ProcessBuilder("debugfs", "-R", "cat " + file, image.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("debugfs cat " + file + " failed");
    }
    return out;
  }
}
