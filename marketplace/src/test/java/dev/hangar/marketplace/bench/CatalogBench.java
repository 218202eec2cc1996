package dev.hangar.marketplace.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Browse and search load generator against a running marketplace (a command, not a unit test; run
 * by {@code scripts/bench-catalog.sh}). Seeds a catalog of N public appliances, each with one
 * published version, under publisher {@code bench} if it has fewer, then runs closed-loop load (T
 * threads, each sending its next request when the last answered) for a bounded time per scenario
 * and prints requests/s and latency percentiles. JDK only, so it runs as a single source file:
 * {@code java CatalogBench.java <base-url> <admin-token> [appliances] [seconds] [threads]}.
 */
public final class CatalogBench {
  private static final String[] WORDS = {
    "web", "database", "cache", "proxy", "queue", "search", "metrics", "logging", "mail", "dns",
    "storage", "backup", "vpn", "firewall", "ci", "registry", "wiki", "chat", "monitor", "gateway"
  };
  private static final String[] CATEGORIES = {
    "networking", "databases", "devtools", "security", "observability", "storage", "web", "misc"
  };
  private static final int MAX_SAMPLES = 5_000_000;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final String admin;

  private CatalogBench(String base, String admin) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.admin = admin;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: CatalogBench <base-url> <admin-token> [appliances=1000] [seconds=10] [threads=32]");
      System.exit(2);
    }
    int appliances = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 32;
    CatalogBench bench = new CatalogBench(args[0], args[1]);
    bench.seed(appliances);
    System.out.printf(
        "catalog: %d appliances of publisher bench; %d threads, %d s per scenario after 3 s warm-up;"
            + " %d CPUs here%n",
        bench.count(), threads, seconds, Runtime.getRuntime().availableProcessors());
    bench.run(
        "browse (first page, facets)",
        threads,
        seconds,
        i -> "/api/v1/search?limit=20&sort=" + (i % 2 == 0 ? "name" : "newest"));
    bench.run(
        "browse (category filter)",
        threads,
        seconds,
        i -> "/api/v1/search?limit=20&category=" + CATEGORIES[i % CATEGORIES.length]);
    bench.run(
        "search (one word)",
        threads,
        seconds,
        i -> "/api/v1/search?limit=20&q=" + WORDS[i % WORDS.length]);
    bench.run(
        "search (distinct queries, cache misses)",
        threads,
        seconds,
        i ->
            "/api/v1/search?limit=20&q="
                + enc(
                    WORDS[ThreadLocalRandom.current().nextInt(WORDS.length)]
                        + " "
                        + String.format("%03d", ThreadLocalRandom.current().nextInt(1000))));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- seeding -------------------------------------------------------------------------------

  private int count() throws Exception {
    String body = send("GET", "/api/v1/search?publisher=bench&limit=1", null, null, 200);
    Matcher m = Pattern.compile("\"publisher\":\\{\"bench\":(\\d+)}").matcher(body);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private void seed(int target) throws Exception {
    int have = count();
    if (have >= target) {
      return;
    }
    send("POST", "/api/v1/publishers", "{\"name\":\"bench\"}", "application/json", 201, 409);
    byte[] kernel = "bench kernel".getBytes(StandardCharsets.UTF_8);
    byte[] initrd = "bench initrd".getBytes(StandardCharsets.UTF_8);
    byte[] root = new byte[64 * 1024];
    new Random(1).nextBytes(root);
    for (byte[] f : List.of(kernel, initrd, root)) {
      sendBytes("/api/v1/blobs/" + digest(f), f);
    }
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int n = have; n < target; n++) {
      int i = n;
      done.add(pool.submit(() -> seedOne(i, kernel, initrd, root)));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    System.out.printf(
        "seeded %d appliances in %.1f s%n", target - have, (System.nanoTime() - start) / 1e9);
  }

  private Void seedOne(int i, byte[] kernel, byte[] initrd, byte[] root) throws Exception {
    Random r = new Random(i);
    String w1 = WORDS[r.nextInt(WORDS.length)];
    String w2 = WORDS[r.nextInt(WORDS.length)];
    String name = String.format("app-%04d", i);
    String json =
        "{\"publisher\":\"bench\",\"name\":\""
            + name
            + "\",\"summary\":\"A "
            + w1
            + " appliance number "
            + i
            + "\",\"description\":\"# "
            + name
            + "\\n\\nRuns **"
            + w1
            + "** and "
            + w2
            + " with sensible defaults.\",\"categories\":[\""
            + CATEGORIES[i % CATEGORIES.length]
            + "\"],\"tags\":[\""
            + w1
            + "\",\""
            + w2
            + "\"]}";
    String created = send("POST", "/api/v1/appliances", json, "application/json", 201);
    Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(created);
    if (!m.find()) {
      throw new IllegalStateException("no id in " + created);
    }
    String id = m.group(1);
    String version =
        "{\"version\":\"1.0.0\",\"boot\":{\"kernel\":"
            + ref(kernel)
            + ",\"initrd\":"
            + ref(initrd)
            + ",\"cmdline\":\"console=ttyS0 root=/dev/vda\"},\"requirements\":{\"arch\":\""
            + (i % 5 == 0 ? "aarch64" : "x86_64")
            + "\",\"vcpus\":1,\"memoryMiB\":256},\"partitions\":[{\"label\":\"root\",\"role\":\"root\","
            + "\"kind\":\"COPY_ON_WRITE\",\"filesystem\":\"ext4\",\"sizeBytes\":"
            + root.length
            + ",\"digest\":\""
            + digest(root)
            + "\"}]}";
    send("POST", "/api/v1/appliances/" + id + "/versions", version, "application/json", 201);
    send("POST", "/api/v1/appliances/" + id + "/versions/1.0.0/publish", null, null, 200);
    return null;
  }

  private static String ref(byte[] b) throws Exception {
    return "{\"digest\":\"" + digest(b) + "\",\"size\":" + b.length + "}";
  }

  private static String digest(byte[] b) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private String send(String method, String path, String body, String type, int... ok)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + admin)
            .timeout(Duration.ofSeconds(60));
    if (type != null) {
      b.header("Content-Type", type);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (Arrays.stream(ok).noneMatch(s -> s == r.statusCode())) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  private void sendBytes(String path, byte[] body) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + admin)
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status != 200 && status != 201) {
      throw new IllegalStateException("PUT " + path + ": " + status);
    }
  }

  // ---- load ----------------------------------------------------------------------------------

  /** One closed-loop run: warm-up, then {@code seconds} of measured requests from all threads. */
  private void run(String name, int threads, int seconds, IntFunction<String> paths)
      throws Exception {
    load(threads, 3, paths); // warm-up: JIT, connection pools, caches
    Result r = load(threads, seconds, paths);
    long[] lat = r.latencies();
    Arrays.sort(lat);
    System.out.printf(
        "%-42s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms   (%d requests, %d errors)%n",
        name,
        lat.length / r.seconds(),
        pct(lat, 0.50),
        pct(lat, 0.99),
        lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6,
        lat.length,
        r.errors());
  }

  private record Result(long[] latencies, double seconds, long errors) {}

  private Result load(int threads, int seconds, IntFunction<String> paths) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    List<Future<long[]>> futures = new ArrayList<>();
    long[] errors = new long[threads];
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                long[] samples = new long[1024];
                int n = 0;
                for (int i = thread;
                    System.nanoTime() < deadline && n < MAX_SAMPLES / threads;
                    i += threads) {
                  HttpRequest req =
                      HttpRequest.newBuilder(URI.create(base + paths.apply(i)))
                          .timeout(Duration.ofSeconds(30))
                          .build();
                  long t0 = System.nanoTime();
                  HttpResponse<byte[]> resp =
                      http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                  long took = System.nanoTime() - t0;
                  if (resp.statusCode() != 200) {
                    errors[thread]++;
                    continue;
                  }
                  if (n == samples.length) {
                    samples = Arrays.copyOf(samples, n * 2);
                  }
                  samples[n++] = took;
                }
                return Arrays.copyOf(samples, n);
              }));
    }
    List<long[]> parts = new ArrayList<>();
    for (Future<long[]> f : futures) {
      parts.add(f.get());
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    long[] all = new long[parts.stream().mapToInt(p -> p.length).sum()];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return new Result(all, elapsed, Arrays.stream(errors).sum());
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
