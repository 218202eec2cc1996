package dev.hangar.builder;

import dev.hangar.context.Components;
import dev.hangar.context.SeedRequest;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Boot-to-READY of every sample under QEMU/TCG, measured one after another in one run (a test-scope
 * main class, not a unit test; {@code scripts/bench-samples.sh} runs it). Each VM gets what the
 * deployer gives it: a copy of the root, its app partition read-only, blank space, a CIDATA seed
 * from the real SeedGenerator and a virtio NIC on user-mode networking.
 *
 * <p>Usage: {@code SamplesBootBench <work dir> [rounds]}; prints one line per sample and boot with
 * seconds to {@code HANGAR-READY} and the ratio to the 10 s goal, then the median per sample.
 */
public final class SamplesBootBench {
  private static final double GOAL_SECONDS = 10.0;
  private static final Duration TIMEOUT = Duration.ofSeconds(180);

  private SamplesBootBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/bench"));
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    System.out.println("load before: " + loadAverage());
    ApplianceBuilder builder = new ApplianceBuilder(BuilderConfig.defaults());
    Map<String, BuiltAppliance> built = new LinkedHashMap<>();
    for (String name : List.of("hello", "data-node", "cluster-head", "cluster-worker")) {
      built.put(name, builder.build(Samples.recipe(name), work.resolve(name)));
    }
    Map<String, double[]> seconds = new LinkedHashMap<>();
    built.keySet().forEach(name -> seconds.put(name, new double[rounds]));
    double[] floor = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      Path dir = Files.createDirectories(work.resolve("round-" + round));
      floor[round] = floor(built.get("hello"), round);
      seconds.get("hello")[round] = boot(dir, built.get("hello"), "hello", Map.of(), null, round);
      seconds.get("data-node")[round] =
          boot(
              dir,
              built.get("data-node"),
              "data-node",
              Map.of("BLANKSPACES", "/dev/vdc:/data"),
              null,
              round);
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      // The head stays up while the worker boots and registers with it through the host port.
      try (QemuGuest head =
          guest(dir, built.get("cluster-head"), "cluster-head", Map.of())
              .nic("52:54:00:00:01:01", "tcp:127.0.0.1:" + port + "-:80")
              .start()) {
        seconds.get("cluster-head")[round] = report("cluster-head", round, head);
        seconds.get("cluster-worker")[round] =
            boot(
                dir,
                built.get("cluster-worker"),
                "cluster-worker",
                Map.of("HEAD_ADDRESS", "10.0.2.2", "HEAD_PORT", Integer.toString(port)),
                null,
                round);
      }
    }
    double floorMedian = median(floor);
    System.out.printf(
        "median seconds to HANGAR-READY (goal <= %.0f s); floor = firmware, kernel and initramfs"
            + " without a root disk (incl. its 1 s root wait): %.2f s%n",
        GOAL_SECONDS, floorMedian);
    seconds.forEach(
        (name, values) -> {
          double median = median(values);
          System.out.printf(
              "  %-15s %6.2f s  ratio to goal %.2f  ratio to floor %.2f  agent and app %.2f s%n",
              name, median, median / GOAL_SECONDS, median / floorMedian, median - floorMedian);
        });
    System.out.println("load after: " + loadAverage());
  }

  /** The same kernel and initramfs with no root disk: how fast the platform alone gets there. */
  private static double floor(BuiltAppliance hello, int round) throws Exception {
    try (QemuGuest guest =
        QemuGuest.of(hello, hello.descriptor().cmdline() + " hangar.roottimeout=1").start()) {
      double s =
          guest.awaitLine("HANGAR-FAILED root device /dev/vda did not appear within 1s", TIMEOUT);
      System.out.printf("%-15s round %d: initramfs gave up after %6.2f s%n", "floor", round, s);
      return s;
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double boot(
      Path dir,
      BuiltAppliance built,
      String name,
      Map<String, String> params,
      String hostfwd,
      int round)
      throws Exception {
    try (QemuGuest guest =
        guest(dir, built, name, params).nic("52:54:00:00:01:02", hostfwd).start()) {
      return report(name, round, guest);
    }
  }

  private static double report(String name, int round, QemuGuest guest) throws Exception {
    double s = guest.awaitLine("HANGAR-READY i-bench-" + name, TIMEOUT);
    System.out.printf(
        "%-15s round %d: HANGAR-READY after %6.2f s (ratio to goal %.2f)%n",
        name, round, s, s / GOAL_SECONDS);
    return s;
  }

  private static QemuGuest.Command guest(
      Path dir, BuiltAppliance built, String name, Map<String, String> params) throws Exception {
    Path root = dir.resolve(name + "-root.img");
    Files.deleteIfExists(root);
    Files.copy(built.partitionFile("root"), root);
    SeedRequest request = SeedRequest.of("i-bench-" + name, name.replace("cluster-", ""));
    for (var e : params.entrySet()) {
      request = request.withParameter(e.getKey(), e.getValue());
    }
    if (params.containsKey("BLANKSPACES")) {
      request = Components.standard().apply(request, List.of("mount-blankspace"));
    }
    QemuGuest.Command command =
        QemuGuest.of(built, built.descriptor().cmdline())
            .disk(root)
            .seed(Seeds.iso(dir, name, request));
    if (built.descriptor().partitions().stream().anyMatch(p -> p.label().equals("app"))) {
      command.readOnlyDisk(built.partitionFile("app"));
    }
    var blank = built.descriptor().partitions().stream().filter(p -> p.file() == null).findFirst();
    if (blank.isPresent()) {
      Path data = dir.resolve(name + "-" + blank.get().label() + ".img");
      Files.deleteIfExists(data);
      try (RandomAccessFile raf = new RandomAccessFile(data.toFile(), "rw")) {
        raf.setLength(blank.get().sizeBytes());
      }
      command.disk(data);
    }
    return command;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
