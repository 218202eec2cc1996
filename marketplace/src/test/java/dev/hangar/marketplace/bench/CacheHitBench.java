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
import dev.hangar.store.ContentStore;
import dev.hangar.store.Digest;
import dev.hangar.store.S3BlobStore;
import dev.hangar.store.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cache-hit deploy benchmark against the real libvirtd ({@code qemu:///system}): {@code
 * Deployer.deploy} until the domain is running (guest boot excluded) for root images of 1, 2 and 8
 * GiB already in the node cache; a cache-miss deploy of the 2 GiB image read from S3 (S3Proxy)
 * through the content store; and {@code cp} of the cached 2 GiB base (its pages dropped from the
 * page cache, and in RAM), side by side in one run. After a common warm-up the sizes are measured
 * in rounds (1, 2, 8, 1, 2, 8, ...) with the cp runs between the first rounds, so neither warm-up
 * nor a change of load favours one size.
 *
 * <p>Images are real ext4 file systems made by {@code mke2fs -d} from a tree of 64 MiB of random
 * files plus copies of {@code /usr/share/doc}, the rest of the image empty (zeros); each differs in
 * size and UUID, so each has its own digest. Arguments: work directory (default {@code
 * /var/tmp/hangar-cache-bench}), hit rounds (default 7), miss runs and cp runs of each kind
 * (default 3).
 */
public final class CacheHitBench {
  private static final String NODE = "qemu:///system";
  private static final long GIB = 1L << 30;
  private static final Path POOLS = Path.of("/var/lib/hangar");

  private final Path work;
  private final Map<String, Path> files = new LinkedHashMap<>();

  private CacheHitBench(Path work) {
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "/var/tmp/hangar-cache-bench");
    int hitRuns = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int missRuns = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    new CacheHitBench(work).run(hitRuns, missRuns);
  }

  private void run(int hitRuns, int missRuns) throws Exception {
    deleteTree(work);
    Files.createDirectories(work);
    String id = Long.toHexString(System.nanoTime());
    NodeLayout layout =
        new NodeLayout(
            "hangar-bench-" + id,
            POOLS.resolve("bench-" + id),
            Files.createDirectories(work.resolve("console")),
            "x86_64");
    Path tree = buildTree();
    Path initrd = buildInitrd();
    Map<String, Path> images = new LinkedHashMap<>();
    for (int gib : new int[] {1, 2, 8}) {
      images.put(gib + " GiB", mkfs(tree, gib));
    }
    StagedFile kernel = register(hostKernel());
    StagedFile init = register(initrd);
    Map<String, StagedFile> roots = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : images.entrySet()) {
      roots.put(e.getKey(), register(e.getValue()));
    }
    System.out.printf(
        "images: ext4 (mke2fs -d, 64 MiB random + /usr/share/doc); %s; %d CPUs; load %s%n",
        roots.values().stream().map(r -> r.size() / GIB + " GiB").toList(),
        Runtime.getRuntime().availableProcessors(),
        loadAverage());

    try (LibvirtConnections connections = new LibvirtConnections();
        S3ProxyServer s3 = S3ProxyServer.start()) {
      NodeImageCache cache =
          new NodeImageCache(connections.get(NODE), layout.poolName(), layout.poolDir());
      try {
        ContentStore store = publish(s3, images.get("2 GiB"), roots.get("2 GiB"));
        PartitionSource local = digest -> Files.newInputStream(files.get(digest));
        PartitionSource fromStore =
            digest ->
                digest.equals(roots.get("2 GiB").digestHex())
                    ? store.openPartition(Digest.parse("sha256:" + digest))
                    : Files.newInputStream(files.get(digest));
        CacheConfig cacheConfig = new CacheConfig(work.resolve("state"), Long.MAX_VALUE);
        Deployer hits = deployer(connections, local, layout, cacheConfig);
        Deployer misses = deployer(connections, fromStore, layout, cacheConfig);

        // Common warm-up: stage every size, then verify each again once its change time is past
        // the racy margin, so the measured deploys find all volumes cached and recorded as
        // verified. Staging left gigabytes of dirty pages; "already cached" means written out.
        for (Map.Entry<String, StagedFile> root : roots.entrySet()) {
          timeDeploy(
              hits,
              plan(id, "warm-" + root.getValue().size() / GIB, kernel, init, root.getValue()));
        }
        Thread.sleep(VolumeVerifier.RACY_MARGIN.toMillis() + 100);
        for (Map.Entry<String, StagedFile> root : roots.entrySet()) {
          timeDeploy(
              hits,
              plan(id, "warm2-" + root.getValue().size() / GIB, kernel, init, root.getValue()));
        }
        exec("sync");

        StagedFile base = roots.get("2 GiB");
        Path basePath = Path.of(cache.volumePath(base.volumeName()).orElseThrow());
        Map<String, List<Double>> hitRunsBySize = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> phasesBySize = new LinkedHashMap<>();
        List<Double> cpCold = new ArrayList<>();
        List<Double> cpHot = new ArrayList<>();
        // Rounds of 1, 2, 8 GiB, so load changes and warm-up hit every size alike; the cp runs
        // sit in the first rounds, between hits, rather than in a block of their own.
        for (int i = 0; i < hitRuns; i++) {
          for (Map.Entry<String, StagedFile> root : roots.entrySet()) {
            String run = "hit" + i + "-" + root.getValue().size() / GIB;
            hitRunsBySize
                .computeIfAbsent(root.getKey(), k -> new ArrayList<>())
                .add(
                    timeDeploy(
                        hits,
                        plan(id, run, kernel, init, root.getValue()),
                        phasesBySize.computeIfAbsent(root.getKey(), k -> new LinkedHashMap<>())));
          }
          if (i < missRuns) {
            cpCold.add(timeCp(basePath, layout.poolDir(), false));
            cpHot.add(timeCp(basePath, layout.poolDir(), true));
          }
        }
        Map<String, Double> hitP50 = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> size : hitRunsBySize.entrySet()) {
          hitP50.put(size.getKey(), p50(size.getValue()));
          print("cache-hit deploy, " + size.getKey() + " root", size.getValue());
          printPhases(phasesBySize.get(size.getKey()));
        }
        print("cp of the cached 2 GiB base, cold", cpCold);
        print("cp of the cached 2 GiB base, in RAM", cpHot);

        List<Double> missRunsSeconds = new ArrayList<>();
        Map<String, List<Double>> missPhases = new LinkedHashMap<>();
        for (int i = 0; i < missRuns; i++) {
          cache.deleteVolume(base.volumeName());
          exec("sync");
          missRunsSeconds.add(
              timeDeploy(misses, plan(id, "miss" + i, kernel, init, base), missPhases));
        }
        print("cache-miss deploy, 2 GiB root from S3", missRunsSeconds);
        printPhases(missPhases);

        double hit1 = hitP50.get("1 GiB");
        double hit2 = hitP50.get("2 GiB");
        double hit8 = hitP50.get("8 GiB");
        double miss = p50(missRunsSeconds);
        double cold = p50(cpCold);
        double hot = p50(cpHot);
        System.out.printf("load average after the run: %s%n", loadAverage());
        System.out.printf(
            "goal p50 <= 1 s:                 1 GiB %.3f s, 2 GiB %.3f s, 8 GiB %.3f s  %s%n",
            hit1, hit2, hit8, verdict(Math.max(hit1, Math.max(hit2, hit8)) <= 1.0));
        double spread = Math.abs(hit8 - hit1) / hit1;
        System.out.printf(
            "goal 8 GiB within 10%% of 1 GiB:  8 GiB / 1 GiB = %.3f (%.1f%% apart)  %s%n",
            hit8 / hit1, spread * 100, verdict(spread <= 0.10));
        System.out.printf(
            "goal >= 20x faster than miss:    miss / hit (2 GiB) = %.1fx  %s%n",
            miss / hit2, verdict(miss / hit2 >= 20));
        System.out.printf(
            "goal faster than cp:             cold cp / hit (2 GiB) = %.2fx  %s%n",
            cold / hit2, verdict(cold > hit2));
        System.out.printf(
            "                                 in-RAM cp / hit (2 GiB) = %.2fx  %s%n",
            hot / hit2, verdict(hot > hit2));
      } finally {
        cache.removePool();
      }
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Seconds {@code cp} takes to copy {@code base} into {@code dir}: with {@code inRam}, right after
   * reading it whole (every page cached); otherwise after dropping its pages from the page cache
   * ({@code dd iflag=nocache count=0}, that file only), so the copy reads the disk as a base cached
   * on the node but not recently read would. {@code sync} before, none after (a deploy does not
   * sync either); the copy is deleted unmeasured.
   */
  private static double timeCp(Path base, Path dir, boolean inRam)
      throws IOException, InterruptedException {
    Path copy = dir.resolve("cp-copy.img");
    if (inRam) {
      exec("dd", "if=" + base, "of=/dev/null", "bs=1M", "status=none");
    } else {
      exec("dd", "if=" + base, "iflag=nocache", "count=0", "status=none");
    }
    exec("sync");
    long start = System.nanoTime();
    exec("cp", base.toString(), copy.toString());
    double seconds = (System.nanoTime() - start) / 1e9;
    Files.delete(copy);
    return seconds;
  }

  private double timeDeploy(Deployer deployer, DeploymentPlan plan) {
    return timeDeploy(deployer, plan, new LinkedHashMap<>());
  }

  /**
   * Deploys {@code plan} (cache state as it is), returns seconds until the domain runs and adds the
   * seconds from each phase's first progress report to the next one's to {@code phases} ({@code
   * connect}: from the call to the first report).
   */
  private double timeDeploy(
      Deployer deployer, DeploymentPlan plan, Map<String, List<Double>> phases) {
    Map<String, Long> starts = new LinkedHashMap<>();
    long start = System.nanoTime();
    // Until the first progress report: node session (connection, capabilities, cache state files)
    // and the check that the domain does not exist yet.
    starts.put("connect", start);
    DeploymentHandle handle =
        deployer.deploy(plan, (phase, done, total) -> starts.putIfAbsent(phase, System.nanoTime()));
    long end = System.nanoTime();
    List<Map.Entry<String, Long>> ordered = new ArrayList<>(starts.entrySet());
    for (int i = 0; i < ordered.size(); i++) {
      long next = i + 1 < ordered.size() ? ordered.get(i + 1).getValue() : end;
      phases
          .computeIfAbsent(ordered.get(i).getKey(), k -> new ArrayList<>())
          .add((next - ordered.get(i).getValue()) / 1e9);
    }
    // Removed at once, so guests booting under TCG do not load the CPU during the next run.
    deployer.destroy(handle);
    return (end - start) / 1e9;
  }

  private static Deployer deployer(
      LibvirtConnections connections,
      PartitionSource source,
      NodeLayout layout,
      CacheConfig cacheConfig) {
    return new Deployer(
        connections,
        source,
        layout,
        new KvmDetector(KvmDetector.DEV_KVM),
        cacheConfig,
        Clock.systemUTC());
  }

  private static DeploymentPlan plan(
      String id, String run, StagedFile kernel, StagedFile initrd, StagedFile root) {
    String domain = "hangar-bench-" + id + "-" + run;
    return new DeploymentPlan(
        NODE,
        domain,
        "instance-" + domain,
        1,
        128,
        kernel,
        initrd,
        "console=ttyS0 panic=-1",
        List.of(
            new PartitionPlan(
                "root", PartitionPlan.Kind.COPY_ON_WRITE, root.digestHex(), root.size(), null)),
        new byte[2048]);
  }

  private static ContentStore publish(S3ProxyServer s3, Path image, StagedFile root)
      throws IOException {
    ContentStore store = new ContentStore(new S3BlobStore(s3.config("hangar-bench")));
    long start = System.nanoTime();
    try (InputStream in = Files.newInputStream(image)) {
      store.putPartition(in, Digest.parse("sha256:" + root.digestHex()));
    }
    System.out.printf(
        "published the 2 GiB image to S3 (S3Proxy) in %.1f s (setup, not measured)%n",
        (System.nanoTime() - start) / 1e9);
    return store;
  }

  private StagedFile register(Path file) throws IOException {
    StagedFile staged = new StagedFile(sha256(file), Files.size(file));
    files.put(staged.digestHex(), file);
    return staged;
  }

  /** A tree with 64 MiB of incompressible files and real documentation text. */
  private Path buildTree() throws IOException, InterruptedException {
    Path tree = Files.createDirectories(work.resolve("tree"));
    Random random = new Random(42);
    byte[] block = new byte[4 << 20];
    for (int i = 0; i < 16; i++) {
      random.nextBytes(block);
      Files.write(tree.resolve("random-" + i + ".bin"), block);
    }
    exec("cp", "-a", "/usr/share/doc", tree.resolve("doc").toString());
    return tree;
  }

  private Path mkfs(Path tree, int gib) throws IOException, InterruptedException {
    Path image = work.resolve("root-" + gib + "g.img");
    String uuid = String.format("00000000-0000-4000-8000-%012d", gib);
    exec(
        "mke2fs",
        "-q",
        "-F",
        "-t",
        "ext4",
        "-U",
        uuid,
        "-E",
        "root_owner=0:0",
        "-d",
        tree.toString(),
        image.toString(),
        gib + "G");
    return image;
  }

  private Path buildInitrd() throws IOException, InterruptedException {
    Path tree = Files.createDirectories(work.resolve("initrd/bin"));
    Files.copy(Path.of("/bin/busybox"), tree.resolve("busybox"));
    Path init = work.resolve("initrd/init");
    Files.writeString(init, "#!/bin/busybox sh\nexec /bin/busybox sleep 3600\n");
    Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        tree.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path list = work.resolve("initrd.list");
    Files.writeString(list, ".\n./bin\n./bin/busybox\n./init\n");
    Path archive = work.resolve("initrd.cpio");
    Process cpio =
        new ProcessBuilder("cpio", "--quiet", "-o", "-H", "newc")
            .directory(work.resolve("initrd").toFile())
            .redirectInput(list.toFile())
            .redirectOutput(archive.toFile())
            .start();
    if (!cpio.waitFor(60, TimeUnit.SECONDS) || cpio.exitValue() != 0) {
      throw new IOException("cpio failed");
    }
    return archive;
  }

  private static Path hostKernel() throws IOException {
    try (Stream<Path> boot = Files.list(Path.of("/boot"))) {
      return boot.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
          .max(Comparator.naturalOrder())
          .orElseThrow(() -> new IOException("no /boot/vmlinuz-*"));
    }
  }

  private static void print(String what, List<Double> runs) {
    System.out.printf(
        "%-40s p50 %8.3f s   min %8.3f s   max %8.3f s   (%d runs)%n",
        what,
        p50(runs),
        runs.stream().mapToDouble(d -> d).min().orElse(0),
        runs.stream().mapToDouble(d -> d).max().orElse(0),
        runs.size());
  }

  private static void printPhases(Map<String, List<Double>> phases) {
    StringBuilder line = new StringBuilder("    p50 by phase:");
    phases.forEach((phase, runs) -> line.append(String.format(" %s %.3f", phase, p50(runs))));
    System.out.println(line);
  }

  private static double p50(List<Double> runs) {
    List<Double> sorted = runs.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String verdict(boolean met) {
    return met ? "MET" : "NOT MET";
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
    } catch (java.security.NoSuchAlgorithmException e) {
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

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
