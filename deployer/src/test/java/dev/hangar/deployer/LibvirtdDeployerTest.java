package dev.hangar.deployer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.PartitionPlan.Kind;
import dev.hangar.deployer.domain.KvmDetector;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.VmLifecycle;
import dev.hangar.deployer.libvirt.VolumeDigestMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end deploys against the real libvirtd ({@code qemu:///system}, QEMU/TCG) and virtlogd.
 * These tests fail, never skip, when the daemon is unreachable: scripts/test.sh starts it.
 */
@Tag("libvirtd")
class LibvirtdDeployerTest {
  private static final String NODE = "qemu:///system";
  private static final Path HOST_KERNEL = Path.of("/boot/vmlinuz-6.1.0-57-amd64");
  private static final Path TEST_POOLS = Path.of("/var/lib/hangar/test-pools");
  private static final String BOOT_MARKER = "DEPLOYER-BOOT-OK";

  @TempDir Path work;

  private final Map<String, Path> content = new HashMap<>();
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String domainName = "hangar-test-" + id;
  private LibvirtConnections connections;
  private NodeLayout layout;
  private NodeImageCache cache;
  private Deployer deployer;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(TEST_POOLS);
    // QEMU runs unprivileged and must traverse to the pool directory.
    Files.setPosixFilePermissions(TEST_POOLS, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path logDir = Files.createDirectories(TEST_POOLS.resolve(id + "-logs"));
    layout = new NodeLayout("hangar-test-" + id, TEST_POOLS.resolve(id), logDir, "x86_64");
    connections = new LibvirtConnections();
    cache = new NodeImageCache(connections.get(NODE), layout.poolName(), layout.poolDir());
    PartitionSource source = digest -> Files.newInputStream(content.get(digest));
    deployer = new Deployer(connections, source, layout, new KvmDetector(KvmDetector.DEV_KVM));
  }

  @AfterEach
  void tearDown() throws IOException {
    try {
      new VmLifecycle(connections.get(NODE)).destroyAndUndefine(domainName);
      cache.removePool();
    } finally {
      connections.close();
      deleteTree(layout.consoleLogDir());
      deleteTree(layout.poolDir());
    }
  }

  @Test
  void deploysBootsAndDestroysApplianceKeepingTheNodeCache() throws Exception {
    StagedFile kernel = register(HOST_KERNEL);
    StagedFile initrd = register(buildInitrd());
    StagedFile root = register(randomFile("root.img", 8 * 1024 * 1024));
    byte[] seedIso = buildSeedIso();
    List<String> phases = new ArrayList<>();
    DeploymentPlan plan =
        new DeploymentPlan(
            NODE,
            domainName,
            "instance-" + id,
            1,
            256,
            kernel,
            initrd,
            "console=ttyS0 panic=-1",
            List.of(
                new PartitionPlan("root", Kind.COPY_ON_WRITE, root.digestHex(), root.size(), null),
                new PartitionPlan("data", Kind.EMPTY, null, 16 * 1024 * 1024, null)),
            seedIso);

    DeploymentHandle handle =
        deployer.deploy(
            plan,
            (phase, done, total) -> {
              if (done == total && !phases.contains(phase)) {
                phases.add(phase);
              }
            });

    assertEquals(
        List.of("kernel", "initrd", "partition:root", "partition:data", "seed", "verify", "boot"),
        phases);
    assertEquals(
        List.of(domainName + "-root.qcow2", domainName + "-data.img", domainName + "-seed.iso"),
        handle.ownedVolumes());
    boolean booted = deployer.waitForConsoleText(handle, BOOT_MARKER, Duration.ofSeconds(90));
    assertTrue(booted, "no boot marker on serial console:\n" + deployer.consoleOutput(handle));

    String blockDevices = run("virsh", "-c", NODE, "domblklist", domainName, "--details");
    String overlayPath = cache.volumePath(domainName + "-root.qcow2").orElseThrow();
    String basePath = cache.volumePath(root.volumeName()).orElseThrow();
    assertTrue(
        blockDevices.matches("(?s).*file\\s+disk\\s+vda\\s+" + overlayPath + "\\b.*"),
        blockDevices);
    assertTrue(
        blockDevices.matches(
            "(?s).*file\\s+disk\\s+vdb\\s+"
                + cache.volumePath(domainName + "-data.img").orElseThrow()
                + "\\b.*"),
        blockDevices);
    assertTrue(
        blockDevices.matches(
            "(?s).*file\\s+cdrom\\s+sda\\s+"
                + cache.volumePath(domainName + "-seed.iso").orElseThrow()
                + "\\b.*"),
        blockDevices);
    String imageInfo = run("qemu-img", "info", "-U", "--output=json", overlayPath);
    assertTrue(imageInfo.contains("\"format\": \"qcow2\""), imageInfo);
    assertTrue(imageInfo.contains("\"backing-filename\": \"" + basePath + "\""), imageInfo);
    assertTrue(imageInfo.contains("\"backing-filename-format\": \"raw\""), imageInfo);

    deployer.destroy(handle);

    VmLifecycle vm = new VmLifecycle(connections.get(NODE));
    assertFalse(vm.exists(domainName));
    assertEquals(
        List.of(initrd.volumeName(), kernel.volumeName(), root.volumeName()).stream()
            .sorted()
            .toList(),
        cache.volumes());
    assertFalse(Files.exists(handle.consoleLog()));
    assertEquals(
        Files.size(HOST_KERNEL),
        Files.size(Path.of(cache.volumePath(kernel.volumeName()).orElseThrow())));
    assertEquals(root.digestHex(), sha256(Path.of(basePath)));
  }

  @Test
  void rollsBackAndReportsPhaseWhenPartitionContentDoesNotMatchItsDigest() throws Exception {
    StagedFile kernel = register(HOST_KERNEL);
    StagedFile initrd = register(buildInitrd());
    Path rootFile = randomFile("root.img", 1024 * 1024);
    StagedFile honest = register(rootFile);
    StagedFile lying = new StagedFile("0".repeat(64), honest.size());
    content.put(lying.digestHex(), rootFile);
    DeploymentPlan plan =
        new DeploymentPlan(
            NODE,
            domainName,
            "instance-" + id,
            1,
            128,
            kernel,
            initrd,
            "console=ttyS0",
            List.of(
                new PartitionPlan("data", Kind.EMPTY, null, 1024 * 1024, null),
                new PartitionPlan(
                    "root", Kind.COPY_ON_WRITE, lying.digestHex(), lying.size(), null)),
            new byte[2048]);

    DeploymentException failure =
        assertThrows(DeploymentException.class, () -> deployer.deploy(plan));

    assertEquals("partition:root", failure.phase());
    assertTrue(failure.getMessage().contains("digest mismatch"), failure.getMessage());
    assertFalse(new VmLifecycle(connections.get(NODE)).exists(domainName));
    assertEquals(
        List.of(initrd.volumeName(), kernel.volumeName()).stream().sorted().toList(),
        cache.volumes());
  }

  @Test
  void refusesToBootACacheVolumeWhoseBytesWereReplacedAfterStaging() throws Exception {
    StagedFile kernel = register(HOST_KERNEL);
    StagedFile initrd = register(buildInitrd());
    Path rootFile = randomFile("root.img", 1024 * 1024);
    StagedFile root = register(rootFile);
    cache.ensureVolume(root.volumeName(), root.size(), () -> Files.newInputStream(rootFile));
    Path forged = work.resolve("forged.img");
    byte[] other = Files.readAllBytes(rootFile);
    other[other.length / 2] ^= 0x5a;
    Files.write(forged, other);
    run(
        "virsh",
        "-c",
        NODE,
        "vol-upload",
        "--pool",
        layout.poolName(),
        root.volumeName(),
        forged.toString());
    DeploymentPlan plan =
        new DeploymentPlan(
            NODE,
            domainName,
            "instance-" + id,
            1,
            128,
            kernel,
            initrd,
            "console=ttyS0",
            List.of(
                new PartitionPlan("root", Kind.COPY_ON_WRITE, root.digestHex(), root.size(), null)),
            new byte[2048]);

    DeploymentException failure =
        assertThrows(DeploymentException.class, () -> deployer.deploy(plan));

    assertEquals("verify", failure.phase());
    VolumeDigestMismatchException cause =
        assertInstanceOf(VolumeDigestMismatchException.class, failure.getCause());
    assertEquals(root.volumeName(), cause.volume());
    assertEquals(sha256(forged), cause.actualHex());
    assertTrue(failure.getMessage().contains("modified after staging"), failure.getMessage());
    assertFalse(new VmLifecycle(connections.get(NODE)).exists(domainName));
    assertEquals(
        List.of(initrd.volumeName(), kernel.volumeName(), root.volumeName()).stream()
            .sorted()
            .toList(),
        cache.volumes());
    assertEquals(
        sha256(forged), sha256(Path.of(cache.volumePath(root.volumeName()).orElseThrow())));
  }

  private StagedFile register(Path file) throws IOException {
    StagedFile staged = new StagedFile(sha256(file), Files.size(file));
    content.put(staged.digestHex(), file);
    return staged;
  }

  private Path buildInitrd() throws IOException, InterruptedException {
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

  private byte[] buildSeedIso() throws IOException, InterruptedException {
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

  private Path randomFile(String name, int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Files.write(work.resolve(name), bytes);
  }

  private static String sha256(Path file) throws IOException {
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

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " hung");
    assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
    return output;
  }

  private static void deleteTree(Path root) throws IOException {
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
