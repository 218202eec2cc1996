package dev.hangar.marketplace.bench;

import dev.hangar.deployer.CacheConfig;
import dev.hangar.deployer.Deployer;
import dev.hangar.deployer.DeploymentHandle;
import dev.hangar.deployer.DeploymentPlan;
import dev.hangar.deployer.NodeLayout;
import dev.hangar.deployer.PartitionPlan;
import dev.hangar.deployer.PartitionSource;
import dev.hangar.deployer.StagedFile;
import dev.hangar.deployer.domain.KvmDetector;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.VolumeVerifier;
import dev.hangar.store.BlobStore;
import dev.hangar.store.ContentStore;
import dev.hangar.store.Digest;
import dev.hangar.store.PartitionManifest;
import dev.hangar.store.S3BlobStore;
import dev.hangar.store.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What shipping the PVH {@code vmlinux} instead of the bzImage costs outside the guest, both images
 * side by side in one run: publishing each into a content store on S3 (S3Proxy) — time, chunks,
 * bytes stored — and republishing it (what every further sample with the same kernel costs); then
 * cache-miss deploys on the real libvirtd ({@code qemu:///system}) with the kernel volume deleted
 * before each, the kernel read from S3 through the content store, alternating the two images, with
 * the {@code kernel} (staging) and {@code verify} (first re-hash) phases of {@code
 * Deployer.deploy}. The domain is destroyed as soon as it runs; guest boot is not measured here
 * (SamplesBootBench).
 *
 * <p>Usage: {@code KernelImageBench <bzImage> <vmlinux> <initrd> <root image> [runs]}, e.g. the
 * host's {@code /boot/vmlinuz-*} and a sample built by {@code hangar build}.
 */
public final class KernelImageBench {
  private static final String NODE = "qemu:///system";
  private static final Path POOLS = Path.of("/var/lib/hangar");
  private static final double MIB = 1 << 20;

  private final Map<String, Path> files = new LinkedHashMap<>();

  private KernelImageBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    new KernelImageBench()
        .run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), runs);
  }

  private void run(Path bzImage, Path vmlinux, Path initrdFile, Path rootFile, int runs)
      throws Exception {
    System.out.printf("load before: %s%n", loadAverage());
    Map<String, StagedFile> kernels = new LinkedHashMap<>();
    kernels.put("bzImage", register(bzImage));
    kernels.put("pvh", register(vmlinux));
    StagedFile initrd = register(initrdFile);
    StagedFile root = register(rootFile);
    String id = Long.toHexString(System.nanoTime());
    Path scratch = Files.createTempDirectory("hangar-kbench-");
    NodeLayout layout =
        new NodeLayout(
            "hangar-kbench-" + id,
            POOLS.resolve("kbench-" + id),
            Files.createDirectories(scratch.resolve("console")),
            "x86_64");
    try (LibvirtConnections connections = new LibvirtConnections();
        S3ProxyServer s3 = S3ProxyServer.start()) {
      Map<String, ContentStore> stores = new LinkedHashMap<>();
      // Unmeasured: the first publish of a JVM pays for class loading, JIT and S3Proxy warm-up.
      publish(new ContentStore(new S3BlobStore(s3.config("kernel-warmup"))), initrd);
      System.out.printf(
          "%-8s %11s %9s %8s %13s %12s %14s%n",
          "kernel", "file MiB", "chunks", "zero", "stored MiB", "publish s", "republish s");
      for (Map.Entry<String, StagedFile> k : kernels.entrySet()) {
        BlobStore blobs = new S3BlobStore(s3.config("kernel-" + k.getKey().toLowerCase()));
        ContentStore store = new ContentStore(blobs);
        double publish = publish(store, k.getValue());
        long stored = bucketBytes(blobs);
        double republish = publish(store, k.getValue());
        long added = bucketBytes(blobs) - stored;
        PartitionManifest m =
            store.manifest(Digest.parse("sha256:" + k.getValue().digestHex())).orElseThrow();
        System.out.printf(
            "%-8s %11.1f %9d %8d %13.2f %12.2f %14.2f%s%n",
            k.getKey(),
            k.getValue().size() / MIB,
            m.chunks().size(),
            m.chunks().stream().filter(c -> c.zero()).count(),
            stored / MIB,
            publish,
            republish,
            added == 0 ? "" : "  (republish added " + added + " bytes)");
        stores.put(k.getValue().digestHex(), store);
      }
      PartitionSource source =
          digest ->
              stores.containsKey(digest)
                  ? stores.get(digest).openPartition(Digest.parse("sha256:" + digest))
                  : Files.newInputStream(files.get(digest));
      NodeImageCache cache =
          new NodeImageCache(connections.get(NODE), layout.poolName(), layout.poolDir());
      Deployer deployer =
          new Deployer(
              connections,
              source,
              layout,
              new KvmDetector(KvmDetector.DEV_KVM),
              new CacheConfig(scratch.resolve("state"), Long.MAX_VALUE),
              Clock.systemUTC());
      try {
        // Unmeasured: stages initrd and root, so each measured deploy misses only the kernel.
        deploy(deployer, plan(id, "warm", kernels.get("bzImage"), initrd, root), null);
        List<String> labels = new ArrayList<>(kernels.keySet());
        for (boolean miss : new boolean[] {true, false}) {
          Map<String, Map<String, List<Double>>> phases = new LinkedHashMap<>();
          if (!miss) {
            // Past the racy margin, one unmeasured deploy each records the kernels as verified.
            Thread.sleep(VolumeVerifier.RACY_MARGIN.toMillis() + 100);
            for (String label : labels) {
              deploy(
                  deployer,
                  plan(id, "warm-" + label.toLowerCase(), kernels.get(label), initrd, root),
                  null);
            }
          }
          for (int run = 0; run < runs; run++) {
            List<String> order = run % 2 == 0 ? labels : List.of(labels.get(1), labels.get(0));
            for (String label : order) {
              StagedFile kernel = kernels.get(label);
              if (miss) {
                cache.deleteVolume(kernel.volumeName());
              }
              exec("sync");
              Map<String, List<Double>> p =
                  phases.computeIfAbsent(label, l -> new LinkedHashMap<>());
              String run0 = (miss ? "miss-" : "hit-") + label.toLowerCase() + run;
              deploy(deployer, plan(id, run0, kernel, initrd, root), p);
            }
          }
          printPhases(
              (miss
                      ? "cache-miss deploy (kernel volume deleted before each, read from S3)"
                      : "cache-hit deploy (kernel volume staged and verified before)")
                  + ", median of "
                  + runs
                  + " runs each, seconds by phase:",
              phases);
        }
      } finally {
        cache.removePool();
      }
    } finally {
      exec("rm", "-rf", "--", scratch.toString());
    }
    System.out.printf("load after: %s%n", loadAverage());
  }

  /** One line per kernel with the median of each phase, then the pvh/bzImage ratios. */
  private static void printPhases(String title, Map<String, Map<String, List<Double>>> phases) {
    System.out.println(title);
    List<String> labels = new ArrayList<>(phases.keySet());
    List<String> names = new ArrayList<>(phases.get(labels.get(0)).keySet());
    StringBuilder header = new StringBuilder(String.format("  %-12s", "kernel"));
    names.forEach(n -> header.append(String.format(" %12s", n)));
    System.out.println(header);
    for (String label : labels) {
      StringBuilder line = new StringBuilder(String.format("  %-12s", label));
      names.forEach(n -> line.append(String.format(" %12.3f", p50(phases.get(label).get(n)))));
      System.out.println(line);
    }
    StringBuilder ratio = new StringBuilder(String.format("  %-12s", "pvh/bzImage"));
    StringBuilder extra = new StringBuilder(String.format("  %-12s", "pvh-bzImage"));
    for (String n : names) {
      double b = p50(phases.get(labels.get(0)).get(n));
      double f = p50(phases.get(labels.get(1)).get(n));
      ratio.append(String.format(" %11.2fx", f / b));
      extra.append(String.format(" %+11.3fs", f - b));
    }
    System.out.println(ratio);
    System.out.println(extra);
  }

  private double publish(ContentStore store, StagedFile file) throws IOException {
    long start = System.nanoTime();
    try (InputStream in = Files.newInputStream(files.get(file.digestHex()))) {
      store.putPartition(in, Digest.parse("sha256:" + file.digestHex()));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Bytes of every object in the store's bucket: packs, pack indexes, manifests. */
  private static long bucketBytes(BlobStore blobs) {
    return blobs.list("").stream()
        .mapToLong(key -> blobs.stat(key).map(info -> info.size()).orElse(0L))
        .sum();
  }

  /**
   * Deploys {@code plan}, destroys the domain, and adds the seconds from each phase's first
   * progress report to the next one's, and the whole call as {@code total}, to {@code phases}.
   */
  private static void deploy(
      Deployer deployer, DeploymentPlan plan, Map<String, List<Double>> phases) {
    Map<String, Long> starts = new LinkedHashMap<>();
    long start = System.nanoTime();
    DeploymentHandle handle =
        deployer.deploy(plan, (phase, done, total) -> starts.putIfAbsent(phase, System.nanoTime()));
    long end = System.nanoTime();
    deployer.destroy(handle);
    if (phases == null) {
      return;
    }
    List<Map.Entry<String, Long>> ordered = new ArrayList<>(starts.entrySet());
    for (int i = 0; i < ordered.size(); i++) {
      long next = i + 1 < ordered.size() ? ordered.get(i + 1).getValue() : end;
      phases
          .computeIfAbsent(ordered.get(i).getKey(), k -> new ArrayList<>())
          .add((next - ordered.get(i).getValue()) / 1e9);
    }
    phases.computeIfAbsent("total", k -> new ArrayList<>()).add((end - start) / 1e9);
  }

  private static DeploymentPlan plan(
      String id, String run, StagedFile kernel, StagedFile initrd, StagedFile root) {
    String domain = "hangar-kbench-" + id + "-" + run;
    return new DeploymentPlan(
        NODE,
        domain,
        "instance-" + domain,
        1,
        256,
        kernel,
        initrd,
        "console=ttyS0 panic=-1",
        List.of(
            new PartitionPlan(
                "root", PartitionPlan.Kind.COPY_ON_WRITE, root.digestHex(), root.size(), null)),
        new byte[2048]);
  }

  private StagedFile register(Path file) throws IOException {
    StagedFile staged = new StagedFile(sha256(file), Files.size(file));
    files.put(staged.digestHex(), file);
    return staged;
  }

  private static double p50(List<Double> runs) {
    List<Double> sorted = runs.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 20];
      int n;
      while ((n = in.read(buffer)) != -1) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void exec(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
  }
}
