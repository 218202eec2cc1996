package dev.hangar.deployer.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;

/** LRU eviction against libvirt's {@code test:///default} driver (pools, volumes, domains). */
class CachePolicyTestDriverTest {
  private static final long MIB = 1 << 20;

  private final LibvirtConnections connections = new LibvirtConnections();
  private final AtomicLong millis = new AtomicLong(1_000);
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(millis.get());
        }
      };

  @TempDir Path dir;
  private Connect connection;
  private NodeImageCache cache;
  private Domain domain;

  @BeforeEach
  void openCache() {
    connection = connections.get("test:///default");
    String poolName = "hangar-lru-" + System.nanoTime();
    cache = new NodeImageCache(connection, poolName, Path.of("/hangar/" + poolName));
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (domain != null) {
      domain.undefine();
    }
    cache.removePool();
    connections.close();
  }

  @Test
  void evictsLeastRecentlyUsedVolumesUntilUnderTheCap() {
    CachePolicy policy = policy();
    stageInOrder(policy, "sha256-a", "sha256-b", "sha256-c");
    policy.touch("sha256-a");

    CachePolicy.EvictionReport report = policy.enforce(2 * MIB);

    assertEquals(List.of("sha256-b"), report.evicted());
    assertEquals(2 * MIB, report.remainingBytes());
    assertEquals(List.of("sha256-a", "sha256-c"), cache.volumes());
  }

  @Test
  void neverEvictsAVolumeADefinedDomainBootsFrom() throws Exception {
    CachePolicy policy = policy();
    stageInOrder(policy, "sha256-a", "sha256-b", "sha256-c");
    String path = cache.volumePath("sha256-a").orElseThrow();
    domain =
        connection.domainDefineXML(
            "<domain type='test'><name>lru-user-"
                + System.nanoTime()
                + "</name><memory>1024</memory><os><type>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><source file='"
                + path
                + "'/><target dev='vda'/></disk></devices></domain>");

    CachePolicy.EvictionReport report = policy.enforce(1 * MIB);

    assertEquals(List.of("sha256-b", "sha256-c"), report.evicted());
    assertEquals(List.of("sha256-a"), cache.volumes());
  }

  @Test
  void neverEvictsTheBackingFileOfAnOverlayAndReportsTheExcess() {
    CachePolicy policy = policy();
    stageInOrder(policy, "sha256-a", "sha256-b");
    cache.createOverlay("sha256-a", "vm-root.qcow2");
    cache.createOverlay("sha256-b", "vm-data.qcow2");

    CachePolicy.EvictionReport report = policy.enforce(0);

    assertEquals(List.of(), report.evicted());
    assertEquals(2 * MIB, report.remainingBytes());
    assertTrue(policy.pinnedPaths().contains(cache.volumePath("sha256-b").orElseThrow()));
  }

  @Test
  void leavesPerDeploymentVolumesAloneAndUncounted() {
    CachePolicy policy = policy();
    cache.createBlank("vm-seed.iso", 8 * MIB);
    stageInOrder(policy, "sha256-a");

    CachePolicy.EvictionReport report = policy.enforce(1 * MIB);

    assertEquals(List.of(), report.evicted());
    assertEquals(List.of("sha256-a", "vm-seed.iso"), cache.volumes());
  }

  @Test
  void lastUseSurvivesARestart() {
    CachePolicy before = policy();
    stageInOrder(before, "sha256-a", "sha256-b");
    before.touch("sha256-a");

    CachePolicy after = policy();
    CachePolicy.EvictionReport report = after.enforce(1 * MIB);

    assertEquals(List.of("sha256-b"), report.evicted());
  }

  @Test
  void volumeWithoutRecordedUseCountsAsUsedWhenFirstSeen() {
    CachePolicy policy = policy();
    stageInOrder(policy, "sha256-old");
    millis.addAndGet(1000);
    cache.createBlank("sha256-unrecorded", MIB);
    millis.addAndGet(1000);

    CachePolicy.EvictionReport report = policy.enforce(1 * MIB);

    assertEquals(List.of("sha256-old"), report.evicted());
  }

  private CachePolicy policy() {
    return new CachePolicy(cache, connection, dir.resolve("node-a.lastuse"), clock);
  }

  private void stageInOrder(CachePolicy policy, String... names) {
    for (String name : names) {
      cache.createBlank(name, MIB);
      policy.touch(name);
      millis.addAndGet(1000);
    }
  }
}
