package dev.hangar.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds staging trees for {@code mke2fs -d}: a busybox root file system for the root partition, or
 * just the recipe's content for other ext4 partitions, with normalised modes and times.
 */
final class RootfsStager {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> EXEC = DIR;
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
  private static final List<String> ROOT_DIRS =
      List.of("bin", "dev", "etc", "mnt", "proc", "root", "run", "sbin", "sys", "tmp", "var/www");

  private static final Path MKE2FS_CONF = Path.of("/etc/mke2fs.conf");

  private final Path busybox;
  private final Path mke2fs;
  private final BuilderConfig.SshPrograms ssh;
  private final long epoch;

  /**
   * Creates a stager copying {@code busybox}, {@code mke2fs} and the {@code ssh} programs (with
   * their libraries) and stamping every entry with {@code epoch}.
   */
  RootfsStager(Path busybox, Path mke2fs, BuilderConfig.SshPrograms ssh, long epoch) {
    this.busybox = busybox;
    this.mke2fs = mke2fs;
    this.ssh = ssh;
    this.epoch = epoch;
  }

  /**
   * Fills {@code staging} with a busybox root file system named {@code hostname} + overlay; it also
   * holds e2fsprogs' mke2fs, since busybox's makes only ext2 and the guest agent formats blank
   * space as ext4 ({@code fs_setup}), and dropbear's server, key generator and client at their host
   * paths, but no host key: every VM of the image would share it.
   */
  void stageRoot(String hostname, Path overlay, Path staging) {
    try {
      for (String dir : ROOT_DIRS) {
        Files.createDirectories(staging.resolve(dir));
      }
      Files.copy(busybox, staging.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(staging.resolve("bin/busybox"), EXEC);
      for (String applet : Busybox.ROOTFS_APPLETS) {
        Files.createSymbolicLink(staging.resolve("bin").resolve(applet), Path.of("busybox"));
      }
      write(staging.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
      write(staging.resolve("etc/group"), "root:x:0:\n");
      write(staging.resolve("etc/hostname"), hostname + "\n");
      HostProgram.install(mke2fs, staging, "/sbin/mke2fs");
      for (Path program : ssh.all()) {
        if (!Files.isRegularFile(program)) {
          throw new BuildException(
              program + " is missing: the root file system needs Debian's dropbear-bin");
        }
        HostProgram.install(program, staging, program.toString());
      }
      if (Files.isRegularFile(MKE2FS_CONF)) {
        Files.copy(MKE2FS_CONF, staging.resolve("etc/mke2fs.conf"));
        Files.setPosixFilePermissions(staging.resolve("etc/mke2fs.conf"), FILE);
      }
      if (overlay != null) {
        copyTree(overlay, staging);
      }
      normalise(staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage root file system in " + staging, e);
    }
  }

  /** Fills {@code staging} with a copy of {@code content} (may be null for an empty tree). */
  void stageContent(Path content, Path staging) {
    try {
      Files.createDirectories(staging);
      if (content != null) {
        copyTree(content, staging);
      }
      normalise(staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage " + content + " in " + staging, e);
    }
  }

  /** Returns every path below {@code staging} as an absolute in-image path, sorted. */
  static List<String> imagePaths(Path staging) {
    try (Stream<Path> walk = Files.walk(staging)) {
      return walk.map(p -> "/" + staging.relativize(p).toString().replace('\\', '/'))
          .map(p -> p.equals("/") ? p : p.replaceAll("/$", ""))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + staging, e);
    }
  }

  // Sorted walk: the host's directory order must not leak into the image.
  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(from)) {
      sources = walk.sorted().toList();
    }
    for (Path source : sources) {
      String rel = from.relativize(source).toString();
      if (rel.contains("\"") || rel.contains("\n")) {
        throw new BuildException("content path " + source + " contains a quote or a newline");
      }
      Path target = to.resolve(rel);
      if (Files.isSymbolicLink(source)) {
        Files.deleteIfExists(target);
        Files.createSymbolicLink(target, Files.readSymbolicLink(source));
      } else if (Files.isDirectory(source)) {
        Files.createDirectories(target);
      } else if (Files.isRegularFile(source)) {
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, Files.isExecutable(source) ? EXEC : FILE);
      } else {
        throw new BuildException("content " + source + " is not a file, directory or symlink");
      }
    }
  }

  private void normalise(Path staging) throws IOException {
    FileTime time = FileTime.fromMillis(epoch * 1000);
    List<Path> all;
    try (Stream<Path> walk = Files.walk(staging)) {
      all = walk.toList();
    }
    for (Path p : all) {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.setPosixFilePermissions(p, DIR);
      }
      Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(time, time, null);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, FILE);
  }
}
