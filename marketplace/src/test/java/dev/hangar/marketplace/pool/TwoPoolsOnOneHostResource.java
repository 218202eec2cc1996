package dev.hangar.marketplace.pool;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

/**
 * Two nodes on the local libvirtd, each with an image cache pool of its own on a tmpfs mounted
 * here: node {@code a} ({@code qemu+unix:///system}) gets 80 MiB, room for the samples' kernel (the
 * 63 MiB PVH vmlinux) and initrd but not a 32 MiB root partition beside them, so staging fails on
 * it with ENOSPC; node {@code b} ({@code qemu:///system}) gets 160 MiB. The two URIs reach the same
 * daemon but are two nodes to the service. A deployment is tried on at most two nodes. Everything
 * is unmounted and the pools are removed on stop.
 */
public class TwoPoolsOnOneHostResource implements QuarkusTestResourceLifecycleManager {
  static final String NODE_A = "a";
  static final String NODE_B = "b";
  static final String URI_A = "qemu+unix:///system";
  static final String URI_B = "qemu:///system";

  private static final String BASE_POOL =
      System.getenv().getOrDefault("HANGAR_TEST_POOL", "hangar-test-cache");
  private static final String BASE_DIR =
      System.getenv().getOrDefault("HANGAR_TEST_POOL_DIR", "/var/lib/hangar/test-cache");

  /** Node {@code a}'s pool: small enough that the root partition cannot be staged into it. */
  static final String POOL_A = BASE_POOL + "-a";

  /** Node {@code b}'s pool: room for the whole appliance and its per-deployment volumes. */
  static final String POOL_B = BASE_POOL + "-b";

  static final Path DIR_A = Path.of(BASE_DIR + "-a");
  static final Path DIR_B = Path.of(BASE_DIR + "-b");

  @Override
  public Map<String, String> start() {
    cleanUp();
    mount(DIR_A, "80m");
    mount(DIR_B, "160m");
    return Map.ofEntries(
        Map.entry("hangar.deployer.max-attempts", "2"),
        Map.entry("hangar.deployer.nodes.a.uri", URI_A),
        Map.entry("hangar.deployer.nodes.a.pool", POOL_A),
        Map.entry("hangar.deployer.nodes.a.pool-dir", DIR_A.toString()),
        Map.entry("hangar.deployer.nodes.b.uri", URI_B),
        Map.entry("hangar.deployer.nodes.b.pool", POOL_B),
        Map.entry("hangar.deployer.nodes.b.pool-dir", DIR_B.toString()));
  }

  @Override
  public void stop() {
    cleanUp();
  }

  /** Shrinks the tmpfs under {@code dir} to what it holds now, so nothing more fits. */
  static void fill(Path dir) {
    try {
      var store = Files.getFileStore(dir);
      long used = store.getTotalSpace() - store.getUnallocatedSpace();
      run("mount", "-o", "remount,size=" + Math.max(4096, used) + "", dir.toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the size of " + dir, e);
    }
  }

  private static void mount(Path dir, String size) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + dir, e);
    }
    run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0711", "hangar-test", dir.toString());
  }

  private static void cleanUp() {
    try {
      Connect libvirt = new Connect(URI_B);
      try {
        for (String name : List.of(POOL_A, POOL_B)) {
          removePool(libvirt, name);
        }
      } finally {
        libvirt.close();
      }
    } catch (LibvirtException e) {
      throw new IllegalStateException("cannot remove the test pools", e);
    }
    for (Path dir : List.of(DIR_A, DIR_B)) {
      if (isMountPoint(dir)) {
        run("umount", dir.toString());
      }
      try {
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        throw new IllegalStateException("cannot remove " + dir, e);
      }
    }
  }

  private static void removePool(Connect libvirt, String name) throws LibvirtException {
    StoragePool pool;
    try {
      pool = libvirt.storagePoolLookupByName(name);
    } catch (LibvirtException e) {
      return; // no such pool
    }
    try {
      if (pool.isActive() == 1) {
        pool.destroy();
      }
      pool.undefine();
    } finally {
      pool.free();
    }
  }

  private static boolean isMountPoint(Path dir) {
    try {
      return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
          .map(l -> l.split(" ")[1])
          .anyMatch(dir.toString()::equals);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/mounts", e);
    }
  }

  private static void run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command[0], e);
    }
  }
}
