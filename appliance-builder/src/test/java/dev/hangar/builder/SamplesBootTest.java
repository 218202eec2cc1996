package dev.hangar.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.builder.ApplianceDescriptor.PartitionImage;
import dev.hangar.context.SeedRequest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds every sample, checks that they share hello's root partition byte for byte, and boots the
 * ones hello's own tests do not cover (data-node, and a cluster-head with a cluster-worker that
 * registers with it) to READY under plain QEMU/TCG.
 */
class SamplesBootTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final List<String> SAMPLES =
      List.of("hello", "data-node", "cluster-head", "cluster-worker");

  @TempDir static Path dir;

  private static final Map<String, BuiltAppliance> built = new HashMap<>();

  @BeforeAll
  static void buildSamples() {
    ApplianceBuilder builder = new ApplianceBuilder(BuilderConfig.defaults());
    for (String name : SAMPLES) {
      built.put(name, builder.build(Samples.recipe(name), dir.resolve(name)));
    }
  }

  @Test
  void samplesShareOneRootPartitionAndTheBootFiles() {
    PartitionImage helloRoot = partition("hello", "root");
    for (String name : SAMPLES) {
      assertEquals(helloRoot.sha256(), partition(name, "root").sha256(), name);
      assertEquals(
          built.get("hello").descriptor().initrd().sha256(),
          built.get(name).descriptor().initrd().sha256(),
          name);
    }
    // What differs lives in each sample's own small partition.
    assertNotEquals(
        partition("cluster-head", "app").sha256(), partition("cluster-worker", "app").sha256());
    assertEquals(64L << 20, partition("data-node", "data").sizeBytes());
  }

  @Test
  void dataNodeFormatsAndMountsItsBlankPartitionOnFirstBootOnly() throws Exception {
    BuiltAppliance node = built.get("data-node");
    Path root = copy(node, "root", "data-root.img");
    Path data = blank(dir.resolve("data-blank.img"), 64L << 20);
    // The recipe names mount-blankspace and defaults BLANKSPACES to its data partition, so the
    // deployer sets no parameter.
    assertEquals(List.of("hostname", "mount-blankspace"), node.descriptor().components());
    SeedRequest request = Samples.contextualize(node, SeedRequest.of("i-data1", "data-1"));
    assertEquals("/dev/vdc:/data:ext4", request.parameters().get("BLANKSPACES"));
    Path seed = Seeds.iso(dir, "data1", request);
    try (QemuGuest guest =
        QemuGuest.of(node, node.descriptor().cmdline())
            .disk(root)
            .readOnlyDisk(node.partitionFile("app"))
            .disk(data)
            .seed(seed)
            .start()) {
      double seconds = guest.awaitLine("HANGAR-READY i-data1", TIMEOUT);
      System.out.printf("data-node: HANGAR-READY after %.2f s under TCG%n", seconds);
      assertTrue(guest.lines().contains("HANGAR-CHECK fs /dev/vdc formatted ext4 label=bs-vdc"));
      assertTrue(guest.lines().contains("HANGAR-CHECK mount /data /dev/vdc ext4"), guest.tail());
      assertTrue(
          guest.lines().stream()
              .anyMatch(l -> l.matches("HANGAR-CHECK data /data ext4 \\d+KiB first-boot=i-data1")),
          guest.tail());
    }
    // A second boot of the same disks keeps the file system and the first boot's marker.
    try (QemuGuest again =
        QemuGuest.of(node, node.descriptor().cmdline())
            .disk(root)
            .readOnlyDisk(node.partitionFile("app"))
            .disk(data)
            .seed(seed)
            .start()) {
      again.awaitLine("HANGAR-READY i-data1", TIMEOUT);
      assertTrue(again.lines().contains("HANGAR-CHECK fs /dev/vdc kept"), again.tail());
      assertTrue(
          again.lines().stream().anyMatch(l -> l.endsWith("first-boot=i-data1")), again.tail());
    }
  }

  @Test
  void clusterWorkerRegistersWithTheHeadItLearnsFromItsContext() throws Exception {
    BuiltAppliance head = built.get("cluster-head");
    BuiltAppliance worker = built.get("cluster-worker");
    int port = freePort();
    try (QemuGuest headVm =
        QemuGuest.of(head, head.descriptor().cmdline())
            .disk(copy(head, "root", "head-root.img"))
            .readOnlyDisk(head.partitionFile("app"))
            .seed(
                Seeds.iso(
                    dir, "head", Samples.contextualize(head, SeedRequest.of("i-head", "head"))))
            .nic("52:54:00:00:00:01", "tcp:127.0.0.1:" + port + "-:80")
            .start()) {
      double headSeconds = headVm.awaitLine("HANGAR-READY i-head", TIMEOUT);
      System.out.printf("cluster-head: HANGAR-READY after %.2f s under TCG%n", headSeconds);
      // Both VMs sit behind their own slirp; the worker reaches the head through the host port.
      SeedRequest workerSeed =
          SeedRequest.of("i-worker1", "worker-1")
              .withParameter("HEAD_ADDRESS", "10.0.2.2")
              .withParameter("HEAD_PORT", Integer.toString(port));
      try (QemuGuest workerVm =
          QemuGuest.of(worker, worker.descriptor().cmdline())
              .disk(copy(worker, "root", "worker-root.img"))
              .readOnlyDisk(worker.partitionFile("app"))
              .seed(Seeds.iso(dir, "worker", Samples.contextualize(worker, workerSeed)))
              .nic("52:54:00:00:00:02", null)
              .start()) {
        double workerSeconds = workerVm.awaitLine("HANGAR-READY i-worker1", TIMEOUT);
        System.out.printf("cluster-worker: HANGAR-READY after %.2f s under TCG%n", workerSeconds);
        assertTrue(
            workerVm
                .lines()
                .contains(
                    "HANGAR-CHECK cluster-worker registered with 10.0.2.2:"
                        + port
                        + ": registered worker-1"),
            workerVm.tail());
      }
      headVm.await(
          "HANGAR-CLUSTER registered worker-1 10.0.2.15"::equals,
          "registration of worker-1",
          Duration.ofSeconds(10));
    }
  }

  private static PartitionImage partition(String sample, String label) {
    return built.get(sample).descriptor().partitions().stream()
        .filter(p -> p.label().equals(label))
        .findFirst()
        .orElseThrow();
  }

  private static Path copy(BuiltAppliance appliance, String label, String name) throws IOException {
    // QEMU writes to the disk; the build output must stay as its descriptor says.
    Path copy = dir.resolve(name);
    Files.copy(appliance.partitionFile(label), copy);
    return copy;
  }

  private static Path blank(Path file, long size) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
