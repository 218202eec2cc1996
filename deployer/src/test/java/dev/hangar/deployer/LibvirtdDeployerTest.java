package dev.hangar.deployer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.PartitionPlan.Kind;
import dev.hangar.deployer.libvirt.VmLifecycle;
import dev.hangar.deployer.libvirt.VmState;
import dev.hangar.deployer.libvirt.VolumeDigestMismatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End-to-end deploys against the real libvirtd ({@code qemu:///system}, QEMU/TCG) and virtlogd.
 * These tests fail, never skip, when the daemon is unreachable: scripts/test.sh starts it.
 */
@Tag("libvirtd")
class LibvirtdDeployerTest extends LibvirtdTestBase {
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
  void stagingStopsAtTheDeclaredSizeWhenTheSourceDeliversMore() throws Exception {
    StagedFile kernel = register(HOST_KERNEL);
    StagedFile initrd = register(buildInitrd());
    Path rootFile = randomFile("root.img", 1024 * 1024);
    StagedFile declared = new StagedFile(sha256(rootFile), 512 * 1024);
    content.put(declared.digestHex(), rootFile);
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
                new PartitionPlan(
                    "root", Kind.COPY_ON_WRITE, declared.digestHex(), declared.size(), null)),
            new byte[2048]);

    DeploymentException failure =
        assertThrows(DeploymentException.class, () -> deployer.deploy(plan));

    assertEquals("partition:root", failure.phase());
    assertTrue(failure.getMessage().contains("endless data"), failure.getMessage());
    assertFalse(new VmLifecycle(connections.get(NODE)).exists(domainName));
    assertEquals(
        List.of(initrd.volumeName(), kernel.volumeName()).stream().sorted().toList(),
        cache.volumes());
  }

  @Test
  void aBootGateRefusalDefinesNoDomainAndKeepsOnlyTheVerifiedCache() throws Exception {
    StagedFile kernel = register(HOST_KERNEL);
    StagedFile initrd = register(buildInitrd());
    StagedFile root = register(randomFile("root.img", 1024 * 1024));
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
        assertThrows(
            DeploymentException.class,
            () ->
                deployer.deploy(
                    plan,
                    DeployListener.NONE,
                    p -> {
                      throw new IllegalStateException("key revoked meanwhile");
                    }));

    assertEquals("trust", failure.phase());
    assertTrue(failure.getMessage().contains("key revoked meanwhile"), failure.getMessage());
    assertFalse(new VmLifecycle(connections.get(NODE)).exists(domainName));
    assertEquals(
        List.of(initrd.volumeName(), kernel.volumeName(), root.volumeName()).stream()
            .sorted()
            .toList(),
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

  @Test
  void stopsStartsAndRebootsADeploymentWhichBootsAfreshEachTime() throws Exception {
    StagedFile kernel = register(HOST_KERNEL);
    StagedFile initrd = register(buildInitrd());
    StagedFile root = register(randomFile("root.img", 2 * 1024 * 1024));
    DeploymentPlan plan =
        plan(
            domainName,
            kernel,
            initrd,
            List.of(
                new PartitionPlan(
                    "root", Kind.COPY_ON_WRITE, root.digestHex(), root.size(), null)));
    DeploymentHandle handle = deployer.deploy(plan);
    assertTrue(deployer.waitForConsoleText(handle, BOOT_MARKER, Duration.ofSeconds(90)));
    VmLifecycle vm = new VmLifecycle(connections.get(NODE));

    deployer.stop(handle, Duration.ofSeconds(2));

    assertEquals(VmState.SHUT_OFF, vm.state(domainName).orElseThrow());
    assertEquals(handle.ownedVolumes().size(), ownedVolumesLeft(handle));

    deployer.start(handle, plan.cachedContent());

    assertEquals(VmState.RUNNING, vm.state(domainName).orElseThrow());
    assertTrue(deployer.waitForConsoleText(handle, BOOT_MARKER, Duration.ofSeconds(90)));
    assertEquals(1, occurrences(deployer.consoleOutput(handle), BOOT_MARKER), "a fresh log");

    deployer.reboot(handle, plan.cachedContent(), Duration.ofSeconds(2));

    assertEquals(VmState.RUNNING, vm.state(domainName).orElseThrow());
    assertTrue(deployer.waitForConsoleText(handle, BOOT_MARKER, Duration.ofSeconds(90)));
    assertEquals(1, occurrences(deployer.consoleOutput(handle), BOOT_MARKER));
    deployer.destroy(handle);
    assertFalse(vm.exists(domainName));
  }

  @Test
  void refusesToStartAStoppedDeploymentWhoseCacheVolumeWasReplaced() throws Exception {
    StagedFile kernel = register(HOST_KERNEL);
    StagedFile initrd = register(buildInitrd());
    Path rootFile = randomFile("root.img", 1024 * 1024);
    StagedFile root = register(rootFile);
    DeploymentPlan plan =
        plan(
            domainName,
            kernel,
            initrd,
            List.of(
                new PartitionPlan(
                    "root", Kind.SHARED_READONLY, root.digestHex(), root.size(), null)));
    DeploymentHandle handle = deployer.deploy(plan);
    deployer.stop(handle, Duration.ZERO);
    byte[] other = Files.readAllBytes(rootFile);
    other[0] ^= 1;
    Path forged = Files.write(work.resolve("forged.img"), other);
    run(
        "virsh",
        "-c",
        NODE,
        "vol-upload",
        "--pool",
        layout.poolName(),
        root.volumeName(),
        forged.toString());

    DeploymentException failure =
        assertThrows(DeploymentException.class, () -> deployer.start(handle, plan.cachedContent()));

    assertEquals("verify", failure.phase());
    assertInstanceOf(VolumeDigestMismatchException.class, failure.getCause());
    assertEquals(
        VmState.SHUT_OFF, new VmLifecycle(connections.get(NODE)).state(domainName).orElseThrow());
  }

  private int ownedVolumesLeft(DeploymentHandle handle) {
    return (int) handle.ownedVolumes().stream().filter(v -> cache.volumes().contains(v)).count();
  }

  private static int occurrences(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      count++;
    }
    return count;
  }
}
