package dev.hangar.deployer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.PartitionPlan.Kind;
import dev.hangar.deployer.domain.KvmDetector;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.VmLifecycle;
import dev.hangar.deployer.libvirt.VmState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

/**
 * Deployer orchestration against libvirt's {@code test:///default} driver. Cache volumes are
 * pre-created fully allocated so staging finds them; the driver cannot upload, so the seed ISO step
 * fails and exercises rollback. Successful end-to-end deploys are in {@code LibvirtdDeployerTest}.
 */
class DeployerTestDriverTest {
  private static final String NODE = "test:///default";
  private static final StagedFile KERNEL = new StagedFile("a".repeat(64), 4096);
  private static final StagedFile INITRD = new StagedFile("b".repeat(64), 4096);
  private static final StagedFile ROOT = new StagedFile("c".repeat(64), 65536);

  private final LibvirtConnections connections = new LibvirtConnections();
  private final String poolName = "hangar-deployer-" + System.nanoTime();
  private final String domainName = "vm-" + System.nanoTime();
  private final NodeLayout layout =
      new NodeLayout(poolName, Path.of("/pools/" + poolName), Path.of("/logs"), "x86_64");
  private final Deployer deployer =
      new Deployer(
          connections,
          digest -> {
            throw new AssertionError("cached content must not be re-read: " + digest);
          },
          layout,
          new KvmDetector(KvmDetector.DEV_KVM));
  private Connect connection;
  private NodeImageCache cache;

  @BeforeEach
  void seedCache() throws Exception {
    connection = connections.get(NODE);
    cache = new NodeImageCache(connection, poolName, layout.poolDir());
    cache.volumes();
    for (StagedFile file : List.of(KERNEL, INITRD, ROOT)) {
      connection
          .storagePoolLookupByName(poolName)
          .storageVolCreateXML(
              "<volume><name>%s</name><capacity unit='bytes'>%d</capacity>"
                      .formatted(file.volumeName(), file.size())
                  + "<allocation unit='bytes'>%d</allocation></volume>".formatted(file.size()),
              0);
    }
  }

  @AfterEach
  void cleanUp() {
    new VmLifecycle(connection).destroyAndUndefine(domainName);
    cache.removePool();
    connections.close();
  }

  @Test
  void undoesPerDeploymentVolumesButKeepsCacheWhenALaterStepFails() {
    List<String> completed = new ArrayList<>();
    DeployListener listener =
        (phase, done, total) -> {
          if (done == total) {
            completed.add(phase);
          }
        };

    DeploymentException failure =
        assertThrows(DeploymentException.class, () -> deployer.deploy(plan(domainName), listener));

    assertTrue(
        completed.containsAll(List.of("partition:root", "partition:data")), completed::toString);
    assertEquals("seed", failure.phase());
    assertEquals(domainName, failure.domainName());
    assertFalse(new VmLifecycle(connection).exists(domainName));
    assertEquals(
        List.of(KERNEL.volumeName(), INITRD.volumeName(), ROOT.volumeName()), cache.volumes());
  }

  @Test
  void refusesToDeployOverAnExistingDomainAndLeavesItUntouched() throws Exception {
    connection.domainDefineXML(
        "<domain type='test'><name>"
            + domainName
            + "</name><memory>65536</memory>"
            + "<os><type>hvm</type></os></domain>");

    DeploymentException failure =
        assertThrows(DeploymentException.class, () -> deployer.deploy(plan(domainName)));

    assertTrue(failure.getMessage().contains("already exists"), failure.getMessage());
    assertEquals(Optional.of(VmState.SHUT_OFF), new VmLifecycle(connection).state(domainName));
    assertEquals(3, cache.volumes().size());
  }

  @Test
  void rejectsPlanWithDigestOnEmptyPartition() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new PartitionPlan("data", Kind.EMPTY, ROOT.digestHex(), 4096, null));
  }

  private DeploymentPlan plan(String name) {
    return new DeploymentPlan(
        NODE,
        name,
        "instance-1",
        1,
        64,
        KERNEL,
        INITRD,
        "console=ttyS0",
        List.of(
            new PartitionPlan("root", Kind.COPY_ON_WRITE, ROOT.digestHex(), ROOT.size(), null),
            new PartitionPlan("data", Kind.EMPTY, null, 1 << 20, null)),
        new byte[2048]);
  }
}
