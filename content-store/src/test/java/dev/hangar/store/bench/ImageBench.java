package dev.hangar.store.bench;

import static dev.hangar.store.bench.Bench.goal;
import static dev.hangar.store.bench.Bench.line;
import static dev.hangar.store.bench.Bench.seconds;

import dev.hangar.store.BlobStore;
import dev.hangar.store.Chunk;
import dev.hangar.store.ChunkerParams;
import dev.hangar.store.ContentStore;
import dev.hangar.store.Digest;
import dev.hangar.store.FastCdcChunker;
import dev.hangar.store.PartitionManifest;
import dev.hangar.store.S3BlobStore;
import dev.hangar.store.S3ProxyServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Sections (c) and (d) and the chunk-size table, on generated ext4 images. */
final class ImageBench {

  private final Ext4Images images;
  private final int treeMib;
  private final S3ProxyServer server;

  ImageBench(Path work, int treeMib, S3ProxyServer server) {
    this.images = new Ext4Images(work, treeMib);
    this.treeMib = treeMib;
    this.server = server;
  }

  void run() throws Exception {
    line("");
    line("== building ext4 images (mke2fs -d) from a generated %d MiB tree", treeMib);
    Path base = images.baseTree();
    Map<String, Path> family = new TreeMap<>();
    family.put("v1", images.image(base, "v1"));
    family.put("v2", images.image(images.variant(base, "v2", 2, 5, 2, 1), "v2"));
    family.put("v3", images.image(images.variant(base, "v3", 3, 30, 0, 0), "v3"));
    family.put("v4", images.image(images.variant(base, "v4", 4, 0, 20, 10), "v4"));
    family.put("v5", images.image(images.variant(base, "v5", 5, 10, 5, 5), "v5"));
    for (Map.Entry<String, Path> image : family.entrySet()) {
      line(
          "  %s: %s, %d MiB", image.getKey(), image.getValue(), Files.size(image.getValue()) >> 20);
    }
    line("  v2 = v1 tree with 5 files rewritten, 2 x 1 MiB added, 1 removed; v3 = 30 rewritten;");
    line("  v4 = 20 added, 10 removed; v5 = 10 rewritten, 5 added, 5 removed");
    republish(family.get("v1"), family.get("v2"));
    dedup(family);
    chunkSizes(family);
  }

  /** (c) publish v1, then v2: new bytes stored and time ratio. */
  private void republish(Path v1, Path v2) throws Exception {
    line("");
    line("== (c) re-publishing v2 after v1 to S3Proxy");
    Republish r = republish(v1, v2, ChunkerParams.defaults(), "images");
    line(
        "  v1 publish %6.2f s (stored %d MiB in %d packs for a %d MiB image)",
        r.t1, r.storedV1 >> 20, r.packsV1, Files.size(v1) >> 20);
    line(
        "  v2 publish %6.2f s, %d new chunks, %d KiB raw / %d KiB stored new (%d pack)",
        r.t2, r.newChunks, r.rawNew >> 10, r.storedNew >> 10, r.packsV2);
    double bytesRatio = (double) r.storedNew / Files.size(v2);
    goal("new bytes stored for v2 / v2 image size", bytesRatio, bytesRatio <= 0.10, "<= 0.10");
    goal("v2 publish time / v1 publish time", r.t2 / r.t1, r.t2 / r.t1 <= 0.25, "<= 0.25");
  }

  private record Republish(
      double t1,
      double t2,
      long storedV1,
      int packsV1,
      long storedNew,
      int packsV2,
      long rawNew,
      long newChunks) {}

  /** Publishes v1 then v2 into a fresh bucket with {@code params}. */
  private Republish republish(Path v1, Path v2, ChunkerParams params, String bucket)
      throws Exception {
    try (S3BlobStore s3 = new S3BlobStore(server.config(bucket))) {
      ContentStore store = new ContentStore(s3, params, 2);
      PartitionManifest[] m = new PartitionManifest[2];
      double t1 = seconds(() -> m[0] = publish(store, v1));
      Set<String> before = new HashSet<>(s3.list("packs/"));
      long storedBefore = storedBytes(s3, before);
      double t2 = seconds(() -> m[1] = publish(store, v2));
      Set<String> added = new HashSet<>(s3.list("packs/"));
      added.removeAll(before);
      long storedNew = storedBytes(s3, added);
      Set<Digest> old = new HashSet<>();
      m[0].chunks().forEach(r -> old.add(r.digest()));
      Map<Digest, Integer> fresh = new java.util.HashMap<>();
      m[1].chunks().stream()
          .filter(r -> !r.zero() && !old.contains(r.digest()))
          .forEach(r -> fresh.putIfAbsent(r.digest(), r.length()));
      long rawNew = fresh.values().stream().mapToLong(Integer::longValue).sum();
      return new Republish(
          t1, t2, storedBefore, before.size(), storedNew, added.size(), rawNew, fresh.size());
    }
  }

  private static PartitionManifest publish(ContentStore store, Path image) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(image), 1 << 20)) {
      return store.putPartition(in);
    }
  }

  private static long storedBytes(BlobStore blobs, Set<String> keys) {
    return keys.stream().mapToLong(k -> blobs.stat(k).map(i -> i.size()).orElse(0L)).sum();
  }

  /** (d) dedup ratio over the family: CDC vs fixed 4 KiB blocks vs whole images. */
  private void dedup(Map<String, Path> family) throws Exception {
    line("");
    line(
        "== (d) dedup over the family (logical bytes / unique stored raw bytes; zero blocks free)");
    long logical = 0;
    Set<Digest> wholeImages = new HashSet<>();
    long wholeUnique = 0;
    Map<Digest, Integer> fixed = new java.util.HashMap<>();
    for (Path image : family.values()) {
      long size = Files.size(image);
      logical += size;
      try (InputStream in = Files.newInputStream(image)) {
        if (wholeImages.add(Digest.hash(in))) {
          wholeUnique += size;
        }
      }
      try (InputStream in = new BufferedInputStream(Files.newInputStream(image), 1 << 20)) {
        byte[] block;
        while ((block = in.readNBytes(4096)).length > 0) {
          if (!allZero(block)) {
            fixed.putIfAbsent(Digest.of(block), block.length);
          }
        }
      }
    }
    long fixedUnique = fixed.values().stream().mapToLong(Integer::longValue).sum();
    Result cdc = chunk(family, ChunkerParams.defaults());
    line("  logical bytes (5 images)        %6d MiB", logical >> 20);
    line(
        "  whole-image storage             %6d MiB  ratio %.2f",
        wholeUnique >> 20, (double) logical / wholeUnique);
    line(
        "  fixed 4 KiB blocks              %6d MiB  ratio %.2f",
        fixedUnique >> 20, (double) logical / fixedUnique);
    line(
        "  FastCDC %-23s %6d MiB  ratio %.2f",
        (ChunkerParams.defaults().min() >> 10)
            + "/"
            + (ChunkerParams.defaults().avg() >> 10)
            + "/"
            + (ChunkerParams.defaults().max() >> 10)
            + " KiB",
        cdc.unique >> 20,
        (double) logical / cdc.unique);
  }

  /** Dedup and speed for several chunker settings on the same family. */
  private void chunkSizes(Map<String, Path> family) throws Exception {
    line("");
    line("== chunk-size choice on the family, with packing");
    line("  chunk MiB/s: chunker + SHA-256 over all 5 images, 1 thread, no compression;");
    line("  pipeline MiB/s: putPartition of v1 into a discarding store (2 workers, zstd);");
    line("  v1 s / v2 s: publishing v1 then v2 to a fresh S3Proxy bucket (as in (c))");
    line(
        "  %-14s %10s %7s %11s %10s %11s %14s %8s %8s %8s",
        "min/avg/max KiB",
        "unique MiB",
        "ratio",
        "v2 new KiB",
        "mean KiB",
        "chunk MiB/s",
        "pipeline MiB/s",
        "v1 s",
        "v2 s",
        "v2/v1");
    int[][] settings = {{4, 16, 64}, {8, 32, 128}, {16, 64, 256}, {32, 128, 512}, {64, 256, 1024}};
    long logical = 0;
    for (Path image : family.values()) {
      logical += Files.size(image);
    }
    for (int[] s : settings) {
      ChunkerParams params = new ChunkerParams(s[0] << 10, s[1] << 10, s[2] << 10);
      Result r = chunk(family, params);
      Path v1 = family.get("v1");
      double pipeline =
          Bench.best(2, () -> publish(new ContentStore(new DiscardingBlobStore(), params, 2), v1));
      Republish p = republish(v1, family.get("v2"), params, "sizes-" + s[1]);
      line(
          "  %-14s %10d %7.2f %11d %10.1f %11.1f %14.1f %8.2f %8.2f %8.3f",
          s[0] + "/" + s[1] + "/" + s[2],
          r.unique >> 20,
          (double) logical / r.unique,
          r.v2New >> 10,
          r.chunkBytes / 1024.0 / r.chunks,
          logical / 1048576.0 / r.seconds,
          Files.size(v1) / 1048576.0 / pipeline,
          p.t1,
          p.t2,
          p.t2 / p.t1);
    }
  }

  private record Result(long unique, long v2New, long chunks, long chunkBytes, double seconds) {}

  private static Result chunk(Map<String, Path> family, ChunkerParams params) throws Exception {
    FastCdcChunker chunker = new FastCdcChunker(params);
    Map<Digest, Integer> unique = new java.util.HashMap<>();
    Set<Digest> v1 = new HashSet<>();
    Set<Digest> v2 = new HashSet<>();
    long[] v2New = {0};
    long[] counts = {0, 0};
    double seconds = 0;
    for (Map.Entry<String, Path> image : family.entrySet()) {
      long start = System.nanoTime();
      try (InputStream in =
          new BufferedInputStream(Files.newInputStream(image.getValue()), 1 << 20)) {
        FastCdcChunker.Reader reader = chunker.open(in);
        for (Optional<Chunk> next = reader.next(); next.isPresent(); next = reader.next()) {
          byte[] data = next.get().data();
          if (allZero(data)) {
            continue;
          }
          Digest digest = Digest.of(data);
          counts[0]++;
          counts[1] += data.length;
          unique.putIfAbsent(digest, data.length);
          if (image.getKey().equals("v1")) {
            v1.add(digest);
          } else if (image.getKey().equals("v2") && !v1.contains(digest) && v2.add(digest)) {
            v2New[0] += data.length;
          }
        }
      }
      seconds += (System.nanoTime() - start) / 1e9;
    }
    long total = unique.values().stream().mapToLong(Integer::longValue).sum();
    return new Result(total, v2New[0], counts[0], counts[1], seconds);
  }

  private static boolean allZero(byte[] data) {
    for (byte b : data) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
