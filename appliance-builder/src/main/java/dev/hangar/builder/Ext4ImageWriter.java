package dev.hangar.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an ext4 image from a staging tree with unprivileged {@code mke2fs -d}, byte-for-byte
 * reproducibly for a given staging tree, UUID and epoch.
 *
 * <p>mke2fs takes the file system's own timestamps from {@code E2FSPROGS_FAKE_TIME}, but copies
 * owner and ctime of every staged file from the host; ctime cannot be set by a user, so a {@code
 * debugfs} pass afterwards rewrites times and ownership of every staged inode.
 */
final class Ext4ImageWriter {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final Path mke2fs;
  private final Path debugfs;
  private final long epoch;

  /** Creates a writer using the given e2fsprogs binaries and source date epoch. */
  Ext4ImageWriter(Path mke2fs, Path debugfs, long epoch) {
    this.mke2fs = mke2fs;
    this.debugfs = debugfs;
    this.epoch = epoch;
  }

  /**
   * Writes {@code image} of {@code sizeBytes} holding {@code staging}, labelled {@code label} and
   * identified by {@code uuid}; {@code modes} overrides the full i_mode of in-image paths (used for
   * bits a user cannot set on staged files, such as the sticky bit of /tmp).
   */
  void write(
      Path staging,
      Path image,
      String label,
      UUID uuid,
      long sizeBytes,
      Map<String, Integer> modes) {
    // E2FSPROGS_FAKE_TIME=0 reads as "unset" and mke2fs falls back to the clock; 1 s after the
    // epoch keeps superblock times fixed when the source date epoch is 0.
    Map<String, String> env = Map.of("E2FSPROGS_FAKE_TIME", Long.toString(Math.max(epoch, 1)));
    try {
      Files.deleteIfExists(image);
      ExternalTool.run(
          List.of(
              mke2fs.toString(),
              "-q",
              "-t",
              "ext4",
              "-d",
              staging.toString(),
              "-U",
              uuid.toString(),
              "-E",
              "hash_seed=" + uuid + ",root_owner=0:0",
              "-L",
              label,
              "-F",
              image.toString(),
              (sizeBytes / 1024) + "k"),
          env,
          TIMEOUT);
      Path commands = Files.createTempFile("hangar-debugfs-", ".cmd");
      try {
        Files.write(commands, normalisingCommands(staging, modes), StandardCharsets.UTF_8);
        ExternalTool.run(
            List.of(debugfs.toString(), "-w", "-f", commands.toString(), image.toString()),
            env,
            TIMEOUT);
      } finally {
        Files.deleteIfExists(commands);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ext4 image " + image, e);
    }
    checkSize(image, sizeBytes);
  }

  private List<String> normalisingCommands(Path staging, Map<String, Integer> modes) {
    List<String> commands = new ArrayList<>();
    String at = "@" + epoch;
    for (String path : RootfsStager.imagePaths(staging)) {
      String quoted = "\"" + path + "\"";
      for (String field : List.of("atime", "mtime", "ctime")) {
        commands.add("sif " + quoted + " " + field + " " + at);
      }
      commands.add("sif " + quoted + " uid 0");
      commands.add("sif " + quoted + " gid 0");
      Integer mode = modes.get(path);
      if (mode != null) {
        commands.add("sif " + quoted + " mode 0" + Integer.toOctalString(mode));
      }
    }
    return commands;
  }

  private static void checkSize(Path image, long sizeBytes) {
    try {
      long actual = Files.size(image);
      if (actual != sizeBytes) {
        throw new BuildException(
            "mke2fs wrote " + actual + " bytes to " + image + ", expected " + sizeBytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + image, e);
    }
  }
}
