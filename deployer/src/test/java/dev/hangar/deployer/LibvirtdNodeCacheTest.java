package dev.hangar.deployer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.PartitionPlan.Kind;
import dev.hangar.deployer.domain.DacLabel;
import dev.hangar.deployer.libvirt.CacheFullException;
import dev.hangar.deployer.libvirt.VerificationLedger;
import dev.hangar.deployer.libvirt.VmLifecycle;
import dev.hangar.deployer.libvirt.VmState;
import dev.hangar.deployer.libvirt.VolumeDigestMismatchException;
import dev.hangar.deployer.libvirt.VolumeStamp;
import dev.hangar.deployer.libvirt.VolumeVerifier;
import dev.hangar.deployer.libvirt.VolumeVerifier.Outcome;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The node image cache on the real libvirtd: cheap re-verification through libvirt's volume stamps
 * (and that it still catches rewritten bytes), which starts and stops of domains leave alone (no
 * relabelling), and LRU eviction under a cap wired into staging, with volumes of defined domains
 * pinned.
 */
@Tag("libvirtd")
class LibvirtdNodeCacheTest extends LibvirtdTestBase {
  private static final int MIB = 1024 * 1024;

  /** Far enough past every change time that no verification counts as racy. */
  private static final Clock LATER = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));

  @Test
  void rehashesOnlyUntilAVerificationIsRecordedThenTrustsTheUnchangedStamp() throws Exception {
    StagedFile root = stage(randomFile("root.img", 4 * MIB));
    VolumeVerifier verifier = verifier(LATER);

    assertEquals(Outcome.REHASHED, verifier.verify(root.volumeName(), root.digestHex()));
    assertEquals(
        Outcome.UNCHANGED_SINCE_VERIFIED, verifier.verify(root.volumeName(), root.digestHex()));
    assertThrows(
        VolumeDigestMismatchException.class,
        () -> verifier.verify(root.volumeName(), "a".repeat(64)),
        "a ledger entry vouches for its own digest only");
  }

  @Test
  void doesNotRecordAVerificationThatStartedWithinTheRacyMarginOfTheChange() throws Exception {
    StagedFile root = stage(randomFile("root.img", MIB));
    VolumeStamp stamp = cache.stamp(root.volumeName()).orElseThrow();
    long changedMillis = new BigDecimal(stamp.ctime()).movePointRight(3).longValue();
    Clock soonAfterChange =
        Clock.fixed(Instant.ofEpochMilli(changedMillis + 1_000), ZoneOffset.UTC);
    VolumeVerifier verifier = verifier(soonAfterChange);

    assertEquals(Outcome.REHASHED, verifier.verify(root.volumeName(), root.digestHex()));
    assertEquals(Outcome.REHASHED, verifier.verify(root.volumeName(), root.digestHex()));
    VolumeVerifier later = verifier(LATER);
    assertEquals(
        Outcome.REHASHED,
        later.verify(root.volumeName(), root.digestHex()),
        "the racy verifications left no record");
    assertEquals(
        Outcome.UNCHANGED_SINCE_VERIFIED, later.verify(root.volumeName(), root.digestHex()));
  }

  @Test
  void catchesBytesRewrittenInPlaceWithTheSameSizeAndRestoredModificationTime() throws Exception {
    StagedFile root = stage(randomFile("root.img", 4 * MIB));
    VolumeVerifier verifier = verifier(LATER);
    verifier.verify(root.volumeName(), root.digestHex());
    assertEquals(
        Outcome.UNCHANGED_SINCE_VERIFIED, verifier.verify(root.volumeName(), root.digestHex()));
    Path file = Path.of(cache.volumePath(root.volumeName()).orElseThrow());
    long size = Files.size(file);

    rewriteKeepingSizeAndTimes(file, 2 * MIB, new byte[] {1, 2, 3, 4});

    assertEquals(size, Files.size(file));
    VolumeDigestMismatchException failure =
        assertThrows(
            VolumeDigestMismatchException.class,
            () -> verifier.verify(root.volumeName(), root.digestHex()));
    assertEquals(sha256(file), failure.actualHex());
    assertThrows(
        VolumeDigestMismatchException.class,
        () -> verifier.verify(root.volumeName(), root.digestHex()),
        "the tampered volume's record is gone, so it is re-hashed again");
  }

  @Test
  void refusesToDeployFromACacheVolumeRewrittenInPlaceAfterADeployVerifiedIt() throws Exception {
    StagedFile kernel = register(HOST_KERNEL);
    StagedFile initrd = register(buildInitrd());
    StagedFile root = register(randomFile("root.img", 2 * MIB));
    Deployer later = deployer(new CacheConfig(work.resolve("state"), Long.MAX_VALUE), LATER);
    DeploymentPlan plan = plan(domainName, kernel, initrd, List.of(cow(root)));
    later.destroy(later.deploy(plan));
    later.destroy(later.deploy(plan)); // the second deploy is the one settled by stamps
    Path file = Path.of(cache.volumePath(root.volumeName()).orElseThrow());

    rewriteKeepingSizeAndTimes(file, MIB, new byte[] {(byte) 0xff, 0, (byte) 0xff});

    DeploymentException failure = assertThrows(DeploymentException.class, () -> later.deploy(plan));
    assertEquals("verify", failure.phase());
    VolumeDigestMismatchException cause =
        assertInstanceOf(VolumeDigestMismatchException.class, failure.getCause());
    assertEquals(root.volumeName(), cause.volume());
    assertFalse(new VmLifecycle(connections.get(NODE)).exists(domainName));
  }

  @Test
  void bootingAndDestroyingLeavesCacheVolumesUntouchedSoTheirStampsStillVouch() throws Exception {
    StagedFile kernel = register(HOST_KERNEL);
    StagedFile initrd = register(buildInitrd());
    StagedFile root = register(randomFile("root.img", 2 * MIB));
    DacLabel guest = cache.guestLabel().orElseThrow(() -> new AssertionError("no DAC label"));
    Deployer later = deployer(new CacheConfig(work.resolve("state"), Long.MAX_VALUE), LATER);
    DeploymentPlan plan = plan(domainName, kernel, initrd, List.of(cow(root)));
    later.destroy(later.deploy(plan));
    VolumeVerifier verifier = verifier(LATER);
    for (StagedFile file : List.of(kernel, initrd, root)) {
      assertEquals(Outcome.REHASHED, verifier.verify(file.volumeName(), file.digestHex()));
    }

    DeploymentHandle running = later.deploy(plan);

    String readOnly = "0640:0:" + guest.gid();
    for (StagedFile file : List.of(kernel, initrd, root)) {
      assertEquals(readOnly, cache.stamp(file.volumeName()).orElseThrow().permissions());
    }
    assertEquals(
        "0600:" + guest.uid() + ":" + guest.gid(),
        cache.stamp(domainName + "-root.qcow2").orElseThrow().permissions(),
        "only the deployment's own overlay is the guest's to write");
    assertEquals(readOnly, cache.stamp(domainName + "-seed.iso").orElseThrow().permissions());
    later.destroy(running);
    for (StagedFile file : List.of(kernel, initrd, root)) {
      assertEquals(
          Outcome.UNCHANGED_SINCE_VERIFIED,
          verifier.verify(file.volumeName(), file.digestHex()),
          file.volumeName() + " was relabelled by a start or stop");
    }
  }

  @Test
  void restagesAContentVolumeWhosePermissionsWereChangedOnTheNode() throws Exception {
    Path file = randomFile("root.img", MIB);
    StagedFile root = stage(file);
    String staged = cache.stamp(root.volumeName()).orElseThrow().permissions();
    Path volume = Path.of(cache.volumePath(root.volumeName()).orElseThrow());
    Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("rw-rw-rw-"));
    AtomicInteger uploads = new AtomicInteger();

    cache.ensureVolume(
        root.volumeName(),
        root.size(),
        () -> {
          uploads.incrementAndGet();
          return Files.newInputStream(file);
        });

    assertEquals(1, uploads.get(), "a volume any guest could write is not trusted as complete");
    assertEquals(staged, cache.stamp(root.volumeName()).orElseThrow().permissions());
    assertEquals(root.digestHex(), sha256(volume));
  }

  @Test
  void stagingEvictsLeastRecentlyUsedVolumesButNeverOnesADomainUses() throws Exception {
    StagedFile kernel = register(HOST_KERNEL);
    StagedFile initrd = register(buildInitrd());
    StagedFile rootA = register(randomFile("a.img", 4 * MIB));
    StagedFile rootB = register(randomFile("b.img", 4 * MIB + 4096));
    StagedFile rootC = register(randomFile("c.img", 4 * MIB + 8192));
    long cap = kernel.size() + initrd.size() + rootB.size() + rootC.size() + MIB;
    Deployer capped = deployer(new CacheConfig(work.resolve("state"), cap), Clock.systemUTC());
    String keeper = domainName + "-b";
    otherDomains.add(keeper);
    capped.deploy(plan(keeper, kernel, initrd, List.of(cow(rootB))));
    capped.destroy(capped.deploy(plan(domainName, kernel, initrd, List.of(cow(rootA)))));

    String third = domainName + "-c";
    otherDomains.add(third);
    capped.deploy(plan(third, kernel, initrd, List.of(cow(rootC))));

    assertEquals(
        sorted(kernel, initrd, rootB, rootC),
        contentVolumes(),
        "a was used after b but b backs a running domain's overlay");
    assertEquals(
        VmState.RUNNING, new VmLifecycle(connections.get(NODE)).state(keeper).orElseThrow());
    assertTrue(
        capped.cachedVolumes(NODE).stream()
            .filter(v -> v.name().equals(rootB.volumeName()))
            .allMatch(v -> v.pinned()));
  }

  @Test
  void failsStagingCleanlyWhenPinnedVolumesLeaveNoRoomUnderTheCap() throws Exception {
    StagedFile kernel = register(HOST_KERNEL);
    StagedFile initrd = register(buildInitrd());
    StagedFile rootB = register(randomFile("b.img", 4 * MIB));
    StagedFile rootC = register(randomFile("c.img", 4 * MIB + 4096));
    long cap = kernel.size() + initrd.size() + rootB.size() + rootC.size() - 1;
    Deployer capped = deployer(new CacheConfig(work.resolve("state"), cap), Clock.systemUTC());
    String keeper = domainName + "-b";
    otherDomains.add(keeper);
    capped.deploy(plan(keeper, kernel, initrd, List.of(cow(rootB))));

    DeploymentException failure =
        assertThrows(
            DeploymentException.class,
            () -> capped.deploy(plan(domainName, kernel, initrd, List.of(cow(rootC)))));

    assertEquals("partition:root", failure.phase());
    assertInstanceOf(CacheFullException.class, failure.getCause());
    assertEquals(sorted(kernel, initrd, rootB), contentVolumes());
    assertFalse(new VmLifecycle(connections.get(NODE)).exists(domainName));
  }

  private StagedFile stage(Path file) throws IOException {
    StagedFile staged = register(file);
    cache.ensureVolume(staged.volumeName(), staged.size(), () -> Files.newInputStream(file));
    return staged;
  }

  private VolumeVerifier verifier(Clock clock) {
    return new VolumeVerifier(cache, new VerificationLedger(work.resolve("ledger")), clock);
  }

  private static PartitionPlan cow(StagedFile root) {
    return new PartitionPlan("root", Kind.COPY_ON_WRITE, root.digestHex(), root.size(), null);
  }

  private List<String> contentVolumes() {
    return cache.volumes().stream().filter(v -> v.startsWith("sha256-")).toList();
  }

  private static List<String> sorted(StagedFile... files) {
    return java.util.Arrays.stream(files).map(StagedFile::volumeName).sorted().toList();
  }

  /**
   * What a careful attacker with write access to the file would do: same size, and modification and
   * access times set back afterwards. Only the change time moves, which no call can set.
   */
  private static void rewriteKeepingSizeAndTimes(Path file, long offset, byte[] bytes)
      throws IOException {
    BasicFileAttributeView view = Files.getFileAttributeView(file, BasicFileAttributeView.class);
    BasicFileAttributes before = view.readAttributes();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes), offset);
    }
    view.setTimes(before.lastModifiedTime(), before.lastAccessTime(), null);
    assertEquals(before.lastModifiedTime(), Files.getLastModifiedTime(file));
  }
}
