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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Boot-to-READY of every sample under QEMU/TCG with both images of the host kernel, side by side in
 * one run (a test-scope main class, not a unit test; {@code scripts/bench-samples.sh} runs it): the
 * bzImage installed in {@code /boot} and the PVH ELF the builder decompresses from it ({@code
 * kernelFormat: pvh}, what the samples ship). Each VM gets what the deployer gives it: a copy of
 * the root, its app partition read-only, blank space, a CIDATA seed from the real SeedGenerator and
 * a virtio NIC on user-mode networking; only the kernel file differs between the two boots of a
 * pair, which run back to back, in alternating order from round to round.
 *
 * <p>Usage: {@code SamplesBootBench <work dir> [rounds]}; prints one line per boot with seconds to
 * {@code HANGAR-READY}, then per sample the median of each kernel, their ratio and the ratio of the
 * PVH boot to the 10 s goal.
 */
public final class SamplesBootBench {
  private static final double GOAL_SECONDS = 10.0;
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String FLOOR = "floor";
  private static final List<String> SAMPLES =
      List.of("hello", "data-node", "cluster-head", "cluster-worker");

  private SamplesBootBench() {}

  /** One image of the kernel: a label and the file QEMU boots ({@code null}: the sample's own). */
  private record Kernel(String label, Path file) {
    Path fileFor(BuiltAppliance built) {
      return file == null ? built.kernelFile() : file;
    }
  }

  public static void main(String[] args) throws Exception {
    Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/bench"));
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    System.out.println("load before: " + loadAverage());
    BuilderConfig config = BuilderConfig.defaults();
    ApplianceBuilder builder = new ApplianceBuilder(config);
    Map<String, BuiltAppliance> built = new LinkedHashMap<>();
    for (String name : SAMPLES) {
      built.put(name, builder.build(Samples.recipe(name), work.resolve(name)));
    }
    Path bzImage = HostKernel.newest(config.bootDir(), config.modulesRoot()).vmlinuz();
    BuiltAppliance hello = built.get("hello");
    if (hello.descriptor().kernel().file().equals(KernelFormat.BZIMAGE.fileName())) {
      throw new IllegalStateException("the samples ship the bzImage: nothing to compare");
    }
    List<Kernel> kernels = List.of(new Kernel("bzImage", bzImage), new Kernel("pvh", null));
    System.out.printf(
        "kernels: bzImage %s (%d bytes), pvh %s (%d bytes)%n",
        bzImage, Files.size(bzImage), hello.kernelFile(), Files.size(hello.kernelFile()));

    // seconds.get(sample).get(kernel label)[round]
    Map<String, Map<String, double[]>> seconds = new LinkedHashMap<>();
    for (String name : concat(FLOOR, SAMPLES)) {
      Map<String, double[]> perKernel = new LinkedHashMap<>();
      kernels.forEach(k -> perKernel.put(k.label(), new double[rounds]));
      seconds.put(name, perKernel);
    }
    for (int round = 0; round < rounds; round++) {
      Path dir = Files.createDirectories(work.resolve("round-" + round));
      List<Kernel> order = round % 2 == 0 ? kernels : List.of(kernels.get(1), kernels.get(0));
      for (Kernel k : order) {
        seconds.get(FLOOR).get(k.label())[round] = floor(hello, k, round);
      }
      for (Kernel k : order) {
        seconds.get("hello").get(k.label())[round] = boot(dir, hello, "hello", k, Map.of(), round);
      }
      for (Kernel k : order) {
        seconds.get("data-node").get(k.label())[round] =
            boot(
                dir,
                built.get("data-node"),
                "data-node",
                k,
                Map.of("BLANKSPACES", "/dev/vdc:/data"),
                round);
      }
      for (Kernel k : order) {
        bootCluster(dir, built, k, round, seconds);
      }
    }
    printSummary(rounds, kernels, seconds);
    System.out.println("load after: " + loadAverage());
  }

  /** The head stays up while the worker boots and registers with it through the host port. */
  private static void bootCluster(
      Path dir,
      Map<String, BuiltAppliance> built,
      Kernel k,
      int round,
      Map<String, Map<String, double[]>> seconds)
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    BuiltAppliance headApp = built.get("cluster-head");
    try (QemuGuest head =
        guest(dir, headApp, "cluster-head", Map.of())
            .kernel(k.fileFor(headApp))
            .nic("52:54:00:00:01:01", "tcp:127.0.0.1:" + port + "-:80")
            .start()) {
      seconds.get("cluster-head").get(k.label())[round] = report("cluster-head", k, round, head);
      seconds.get("cluster-worker").get(k.label())[round] =
          boot(
              dir,
              built.get("cluster-worker"),
              "cluster-worker",
              k,
              Map.of("HEAD_ADDRESS", "10.0.2.2", "HEAD_PORT", Integer.toString(port)),
              round);
    }
  }

  private static void printSummary(
      int rounds, List<Kernel> kernels, Map<String, Map<String, double[]>> seconds) {
    String base = kernels.get(0).label();
    String fast = kernels.get(1).label();
    System.out.printf(
        "median seconds to HANGAR-READY over %d round(s) (goal <= %.0f s); floor = firmware, kernel"
            + " and initramfs without a root disk (incl. its 1 s root wait)%n",
        rounds, GOAL_SECONDS);
    System.out.printf(
        "  %-15s %8s %8s %12s %13s %8s %9s%n",
        "sample", base, fast, fast + "/" + base, "paired ratio", "saved", fast + "/goal");
    seconds.forEach(
        (name, perKernel) -> {
          double b = median(perKernel.get(base));
          double f = median(perKernel.get(fast));
          double[] paired = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            paired[r] = perKernel.get(fast)[r] / perKernel.get(base)[r];
          }
          System.out.printf(
              "  %-15s %7.2fs %7.2fs %12.3f %13.3f %7.2fs %9s%n",
              name,
              b,
              f,
              f / b,
              median(paired),
              b - f,
              name.equals(FLOOR) ? "-" : String.format("%.2f", f / GOAL_SECONDS));
        });
    System.out.println(
        "  (paired ratio: median over rounds of the two boots of one round, which ran back to"
            + " back)");
  }

  /** The same kernel and initramfs with no root disk: how fast the platform alone gets there. */
  private static double floor(BuiltAppliance hello, Kernel k, int round) throws Exception {
    try (QemuGuest guest =
        QemuGuest.of(hello, hello.descriptor().cmdline() + " hangar.roottimeout=1")
            .kernel(k.fileFor(hello))
            .start()) {
      double s =
          guest.awaitLine("HANGAR-FAILED root device /dev/vda did not appear within 1s", TIMEOUT);
      System.out.printf(
          "%-15s %-7s round %d: initramfs gave up after %6.2f s%n", FLOOR, k.label(), round, s);
      return s;
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double boot(
      Path dir, BuiltAppliance built, String name, Kernel k, Map<String, String> params, int round)
      throws Exception {
    try (QemuGuest guest =
        guest(dir, built, name, params)
            .kernel(k.fileFor(built))
            .nic("52:54:00:00:01:02", null)
            .start()) {
      return report(name, k, round, guest);
    }
  }

  private static double report(String name, Kernel k, int round, QemuGuest guest) throws Exception {
    double s = guest.awaitLine("HANGAR-READY i-bench-" + name, TIMEOUT);
    System.out.printf(
        "%-15s %-7s round %d: HANGAR-READY after %6.2f s (ratio to goal %.2f)%n",
        name, k.label(), round, s, s / GOAL_SECONDS);
    return s;
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
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
