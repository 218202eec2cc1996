package dev.hangar.deployer;

import dev.hangar.deployer.domain.KvmDetector;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.VolumeVerifier;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Cache-hit deploys on the real libvirtd with a small root (benchmark, not a test): prints one line
 * of p50 seconds, overall and per deploy phase, so that {@code deployer/hit-ab.sh} can run this
 * class built from two commits in alternation and compare them. Uses only the deployer's public API
 * of long standing, so older commits compile it too.
 *
 * <p>Arguments: work directory, deploys (after two unmeasured warm-up deploys), label printed first
 * on the result line.
 */
public final class HitPhasesBench {
  private static final String NODE = "qemu:///system";

  private HitPhasesBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createDirectories(Path.of(args[0]));
    int runs = Integer.parseInt(args[1]);
    String label = args.length > 2 ? args[2] : "hit";
    String id = Long.toHexString(System.nanoTime());
    NodeLayout layout =
        new NodeLayout(
            "hangar-hitab-" + id,
            Path.of("/var/lib/hangar/hitab-" + id),
            Files.createDirectories(work.resolve("console-" + id)),
            "x86_64");
    Map<String, Path> files = new LinkedHashMap<>();
    StagedFile kernel = register(files, hostKernel());
    StagedFile initrd = register(files, initrd(work));
    StagedFile root = register(files, rootImage(work));
    try (LibvirtConnections connections = new LibvirtConnections()) {
      NodeImageCache cache =
          new NodeImageCache(connections.get(NODE), layout.poolName(), layout.poolDir());
      try {
        Deployer deployer =
            new Deployer(
                connections,
                digest -> Files.newInputStream(files.get(digest)),
                layout,
                new KvmDetector(KvmDetector.DEV_KVM),
                new CacheConfig(work.resolve("state-" + id), Long.MAX_VALUE),
                Clock.systemUTC());
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        for (int i = -2; i < runs; i++) {
          if (i == -1) {
            // Past the racy margin, so the second warm-up records the staged volumes as verified.
            Thread.sleep(VolumeVerifier.RACY_MARGIN.toMillis() + 100);
          }
          String name = "hangar-hitab-" + id + "-" + (i + 2);
          Map<String, Long> starts = new LinkedHashMap<>();
          long start = System.nanoTime();
          starts.put("connect", start);
          DeploymentHandle handle =
              deployer.deploy(
                  new DeploymentPlan(
                      NODE,
                      name,
                      "instance-" + name,
                      1,
                      128,
                      kernel,
                      initrd,
                      "console=ttyS0 panic=-1",
                      List.of(
                          new PartitionPlan(
                              "root",
                              PartitionPlan.Kind.COPY_ON_WRITE,
                              root.digestHex(),
                              root.size(),
                              null)),
                      new byte[2048]),
                  (phase, done, total) -> starts.putIfAbsent(phase, System.nanoTime()));
          long end = System.nanoTime();
          deployer.destroy(handle);
          if (i < 0) {
            continue;
          }
          phases.computeIfAbsent("total", k -> new ArrayList<>()).add((end - start) / 1e9);
          List<Map.Entry<String, Long>> ordered = new ArrayList<>(starts.entrySet());
          for (int k = 0; k < ordered.size(); k++) {
            long next = k + 1 < ordered.size() ? ordered.get(k + 1).getValue() : end;
            phases
                .computeIfAbsent(ordered.get(k).getKey(), p -> new ArrayList<>())
                .add((next - ordered.get(k).getValue()) / 1e9);
          }
        }
        StringBuilder line = new StringBuilder(label);
        phases.forEach(
            (phase, seconds) -> line.append(String.format(" %s=%.3f", phase, p50(seconds))));
        System.out.println(line);
      } finally {
        cache.removePool();
      }
    }
  }

  private static StagedFile register(Map<String, Path> files, Path file) throws IOException {
    StagedFile staged = new StagedFile(LibvirtdTestBase.sha256(file), Files.size(file));
    files.put(staged.digestHex(), file);
    return staged;
  }

  private static Path hostKernel() throws IOException {
    try (Stream<Path> boot = Files.list(Path.of("/boot"))) {
      return boot.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
          .max(Comparator.naturalOrder())
          .orElseThrow(() -> new IOException("no /boot/vmlinuz-*"));
    }
  }

  /** Any bytes do: the guest is destroyed before it would read its initrd. */
  private static Path initrd(Path work) throws IOException {
    Path file = work.resolve("initrd.bin");
    if (!Files.exists(file)) {
      Files.write(file, random(2 << 20, 1));
    }
    return file;
  }

  /** 256 MiB: 4 MiB of random bytes, the rest zeros; written in full when staged. */
  private static Path rootImage(Path work) throws IOException {
    Path file = work.resolve("root.img");
    if (!Files.exists(file)) {
      Files.write(file, random(4 << 20, 2));
      try (RandomAccessFile extend = new RandomAccessFile(file.toFile(), "rw")) {
        extend.setLength(256L << 20);
      }
    }
    return file;
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static double p50(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
