package dev.hangar.deployer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.domain.KvmDetector;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.VmLifecycle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared set-up of the tests against the real libvirtd ({@code qemu:///system}, QEMU/TCG) and
 * virtlogd: a fresh pool and console directory per test, content registered by digest, a tiny
 * initrd that prints {@link #BOOT_MARKER}. Tests fail, never skip, when the daemon is unreachable:
 * scripts/test.sh starts it.
 */
abstract class LibvirtdTestBase {
  static final String NODE = "qemu:///system";
  static final Path HOST_KERNEL = Path.of("/boot/vmlinuz-6.1.0-57-amd64");
  static final Path TEST_POOLS = Path.of("/var/lib/hangar/test-pools");
  static final String BOOT_MARKER = "DEPLOYER-BOOT-OK";

  @TempDir Path work;

  final Map<String, Path> content = new HashMap<>();
  final String id = UUID.randomUUID().toString().substring(0, 8);
  final String domainName = "hangar-test-" + id;

  /** Further domains a test defines; removed after it like {@link #domainName}. */
  final List<String> otherDomains = new ArrayList<>();

  LibvirtConnections connections;
  NodeLayout layout;
  NodeImageCache cache;
  Deployer deployer;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(TEST_POOLS);
    // QEMU runs unprivileged and must traverse to the pool directory.
    Files.setPosixFilePermissions(TEST_POOLS, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path logDir = Files.createDirectories(TEST_POOLS.resolve(id + "-logs"));
    layout = new NodeLayout("hangar-test-" + id, TEST_POOLS.resolve(id), logDir, "x86_64");
    connections = new LibvirtConnections();
    cache = new NodeImageCache(connections.get(NODE), layout.poolName(), layout.poolDir());
    deployer = deployer(new CacheConfig(work.resolve("state"), Long.MAX_VALUE), Clock.systemUTC());
  }

  /** A deployer on this test's node and pool, reading registered content. */
  Deployer deployer(CacheConfig cacheConfig, Clock clock) {
    PartitionSource source = digest -> Files.newInputStream(content.get(digest));
    return new Deployer(
        connections, source, layout, new KvmDetector(KvmDetector.DEV_KVM), cacheConfig, clock);
  }

  /** A plan for {@code domain} booting the host kernel with {@code initrd} and a 2 KiB seed. */
  DeploymentPlan plan(
      String domain, StagedFile kernel, StagedFile initrd, List<PartitionPlan> partitions) {
    return new DeploymentPlan(
        NODE,
        domain,
        "instance-" + domain,
        1,
        128,
        kernel,
        initrd,
        "console=ttyS0 panic=-1",
        partitions,
        new byte[2048]);
  }

  @AfterEach
  void tearDown() throws IOException {
    try {
      VmLifecycle vm = new VmLifecycle(connections.get(NODE));
      vm.destroyAndUndefine(domainName);
      for (String other : otherDomains) {
        vm.destroyAndUndefine(other);
      }
      cache.removePool();
    } finally {
      connections.close();
      deleteTree(layout.consoleLogDir());
      deleteTree(layout.poolDir());
    }
  }

  StagedFile register(Path file) throws IOException {
    StagedFile staged = new StagedFile(sha256(file), Files.size(file));
    content.put(staged.digestHex(), file);
    return staged;
  }

  Path buildInitrd() throws IOException, InterruptedException {
    Path tree = Files.createDirectories(work.resolve("initrd"));
    Files.createDirectories(tree.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), tree.resolve("bin/busybox"));
    Path init = tree.resolve("init");
    Files.writeString(
        init,
        "#!/bin/busybox sh\n"
            + "/bin/busybox echo "
            + BOOT_MARKER
            + " > /dev/console\n"
            + "exec /bin/busybox sleep 3600\n");
    Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        tree.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path list = work.resolve("initrd.list");
    Files.writeString(list, ".\n./bin\n./bin/busybox\n./init\n");
    Path archive = work.resolve("initrd.cpio");
    Process cpio =
        new ProcessBuilder("cpio", "--quiet", "-o", "-H", "newc")
            .directory(tree.toFile())
            .redirectInput(list.toFile())
            .redirectOutput(archive.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    assertTrue(cpio.waitFor(60, TimeUnit.SECONDS) && cpio.exitValue() == 0, "cpio failed");
    return archive;
  }

  byte[] buildSeedIso() throws IOException, InterruptedException {
    Path seed = Files.createDirectories(work.resolve("seed"));
    Files.writeString(seed.resolve("meta-data"), "instance-id: instance-" + id + "\n");
    Files.writeString(seed.resolve("user-data"), "#cloud-config\n");
    Path iso = work.resolve("seed.iso");
    run(
        "xorriso",
        "-as",
        "mkisofs",
        "-quiet",
        "-o",
        iso.toString(),
        "-V",
        "CIDATA",
        "-J",
        "-r",
        seed.toString());
    return Files.readAllBytes(iso);
  }

  Path randomFile(String name, int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Files.write(work.resolve(name), bytes);
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) != -1) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " hung");
    assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
    return output;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(path);
        } catch (NoSuchFileException e) {
          // Already gone: libvirt removed it first.
        }
      }
    }
  }
}
