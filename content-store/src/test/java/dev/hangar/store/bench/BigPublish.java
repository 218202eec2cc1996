package dev.hangar.store.bench;

import static dev.hangar.store.bench.Bench.line;

import dev.hangar.store.ChunkerParams;
import dev.hangar.store.ContentStore;
import dev.hangar.store.Digest;
import dev.hangar.store.PartitionManifest;
import dev.hangar.store.S3BlobStore;
import dev.hangar.store.S3Config;
import dev.hangar.store.S3ProxyServer;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** (e) publishing (and reading back) a multi-GiB partition in a JVM limited to -Xmx256m. */
final class BigPublish {

  private static final String HEAP = "-Xmx256m";

  private BigPublish() {}

  /** Starts the child JVM; S3 credentials travel in its environment, not on its command line. */
  static void runChild(Path work, int gib, S3ProxyServer server) throws Exception {
    line("");
    line("== (e) publish a %d GiB partition to S3Proxy in a separate JVM with %s", gib, HEAP);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(HEAP);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ContentStoreBench.class.getName());
    command.add("--big-child");
    command.add(server.endpoint());
    command.add(Integer.toString(gib));
    line(
        "  child: java %s -cp <test classpath> %s --big-child <endpoint> %d",
        HEAP, ContentStoreBench.class.getName(), gib);
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("BENCH_S3_ACCESS", server.accessKey());
    builder.environment().put("BENCH_S3_SECRET", server.secretKey());
    Process child = builder.start();
    if (!child.waitFor(60, TimeUnit.MINUTES) || child.exitValue() != 0) {
      line("  (e) FAILED: child exited with %s", child.isAlive() ? "timeout" : child.exitValue());
    }
  }

  static void child(String[] args) throws Exception {
    String endpoint = args[1];
    long size = Long.parseLong(args[2]) << 30;
    S3Config config =
        new S3Config(
            endpoint,
            S3ProxyServer.REGION,
            "big",
            System.getenv("BENCH_S3_ACCESS"),
            System.getenv("BENCH_S3_SECRET"));
    try (S3BlobStore s3 = new S3BlobStore(config)) {
      ContentStore store = new ContentStore(s3, ChunkerParams.defaults(), 2);
      long start = System.nanoTime();
      PartitionManifest manifest = store.putPartition(new Generated(size));
      double put = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      MessageDigest sha = Digest.newSha256();
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = store.openPartition(manifest.digest())) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          sha.update(buffer, 0, n);
        }
      }
      double get = (System.nanoTime() - start) / 1e9;
      boolean same = Digest.finish(sha).equals(manifest.digest());
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      line(
          "  max heap %d MiB; published %d MiB in %.1f s (%s), %d extents",
          Runtime.getRuntime().maxMemory() >> 20,
          size >> 20,
          put,
          Bench.mibPerSecond(size, put),
          manifest.chunks().size());
      line(
          "  read back and verified in %.1f s (%s), digest matches: %s; peak heap used %d MiB",
          get, Bench.mibPerSecond(size, get), same, peak >> 20);
      if (!same) {
        System.exit(1);
      }
    }
  }

  /**
   * A generated stream: mostly pseudo-random 1 MiB blocks, every 8th block zeros and every 5th a
   * repeat of an earlier block, so the publish exercises upload, dedup and zero runs.
   */
  static final class Generated extends InputStream {
    private final long size;
    private final byte[] block = new byte[1 << 20];
    private long position;
    private int inBlock = block.length;
    private long blockIndex = -1;

    Generated(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      if (inBlock == block.length) {
        fill(++blockIndex);
        inBlock = 0;
      }
      int n = (int) Math.min(Math.min(len, block.length - inBlock), size - position);
      System.arraycopy(block, inBlock, b, off, n);
      inBlock += n;
      position += n;
      return n;
    }

    private void fill(long index) {
      if (index % 8 == 7) {
        java.util.Arrays.fill(block, (byte) 0);
        return;
      }
      long seed = index % 5 == 4 ? index / 50 : index;
      long x = seed * 0x9E3779B97F4A7C15L + 1;
      for (int i = 0; i < block.length; i += 8) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        for (int k = 0; k < 8; k++) {
          block[i + k] = (byte) (x >>> (8 * k));
        }
      }
    }
  }
}
