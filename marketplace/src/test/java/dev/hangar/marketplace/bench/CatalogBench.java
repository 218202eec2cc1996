package dev.hangar.marketplace.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Browse and search load generator against a running marketplace (a command, not a unit test; run
 * by {@code scripts/bench-catalog.sh}). Seeds a catalog of N public appliances, each with one
 * published version, under publisher {@code bench} if it has fewer, then runs closed-loop load (T
 * threads, each sending its next request when the last answered) for a bounded time per scenario
 * and prints requests/s and latency percentiles. JDK only, so it runs as a single source file:
 * {@code java CatalogBench.java <base-url> <admin-token> [appliances] [seconds] [threads]
 * [scenarios]}, scenarios a comma-separated subset of {@code browse,category,word,miss}.
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
  private static final int WARM_UP_SECONDS = 3;
  private static final int FIRST_WARM_UP_SECONDS = 6;

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
          "usage: CatalogBench <base-url> <admin-token> [appliances=1000] [seconds=10] [threads=32]"
              + " [scenarios=browse,category,word,miss]");
      System.exit(2);
    }
    int appliances = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 32;
    List<String> chosen =
        args.length > 5 ? List.of(args[5].split(",")) : List.copyOf(SCENARIOS.keySet());
    for (String s : chosen) {
      if (!SCENARIOS.containsKey(s)) {
        System.err.println("unknown scenario " + s + "; known: " + SCENARIOS.keySet());
        System.exit(2);
      }
    }
    CatalogBench bench = new CatalogBench(args[0], args[1]);
    bench.seed(appliances);
    System.out.printf(
        "catalog: %d appliances of publisher bench; %d threads, %d s per scenario after 3 s warm-up"
            + " (and 6 s of each before the first); %d CPUs here%n",
        bench.count(), threads, seconds, Runtime.getRuntime().availableProcessors());
    // A fresh service and this fresh JVM compile their hot paths during the first half minute of
    // load on two busy cores; warm every scenario up before measuring any, so the first one
    // measured is not the one that pays for it (it used to be the first browse page, measured at
    // three times the service's CPU per request of the same page a minute later).
    for (String s : chosen) {
      bench.load(threads, FIRST_WARM_UP_SECONDS, SCENARIOS.get(s).paths());
    }
    for (String s : chosen) {
      Scenario scenario = SCENARIOS.get(s);
      bench.run(scenario.title(), threads, seconds, scenario.paths());
    }
  }

  private record Scenario(String title, IntFunction<String> paths) {}

  /** The next distinct query of the cache-miss scenario. */
  private static final AtomicLong MISSES =
      new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000));

  /** The scenarios by the name the command line selects them with, in their default order. */
  private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put(
        "browse",
        new Scenario(
            "browse (first page, facets)",
            i -> "/api/v1/search?limit=20&sort=" + (i % 2 == 0 ? "name" : "newest")));
    SCENARIOS.put(
        "category",
        new Scenario(
            "browse (category filter)",
            i -> "/api/v1/search?limit=20&category=" + CATEGORIES[i % CATEGORIES.length]));
    SCENARIOS.put(
        "word",
        new Scenario(
            "search (one word)", i -> "/api/v1/search?limit=20&q=" + WORDS[i % WORDS.length]));
    SCENARIOS.put(
        "miss",
        new Scenario(
            "search (distinct queries, cache misses)",
            i -> {
              // Every request a query not asked before in this run (nor, most likely, in an
              // earlier run against the same service): 20 words x 1,000 numbers x 50 page sizes,
              // taken in turn from a random start. Random picks repeated themselves, and became
              // cache hits once misses were fast enough for tens of thousands of requests.
              long n = MISSES.getAndIncrement();
              return "/api/v1/search?limit="
                  + (20 + (n / 20_000) % 50)
                  + "&q="
                  + enc(WORDS[(int) (n % 20)] + " " + String.format("%03d", (n / 20) % 1000));
            }));
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

  /**
   * One closed-loop run: warm-up, then {@code seconds} of measured requests from all threads. With
   * {@code BENCH_SERVER_PID} set (Linux), it also prints the CPU time the server process and this
   * load generator spent per request, and how busy the machine's CPUs were: on a shared machine the
   * server's CPU per request moves far less with the load than requests/s does.
   */
  private void run(String name, int threads, int seconds, IntFunction<String> paths)
      throws Exception {
    load(threads, WARM_UP_SECONDS, paths); // warm-up: JIT, connection pools, caches
    long[] server0 = cpuTicks(serverPid);
    long[] self0 = cpuTicks("self");
    long[] machine0 = machineTicks();
    Result r = load(threads, seconds, paths);
    long[] server1 = cpuTicks(serverPid);
    long[] self1 = cpuTicks("self");
    long[] machine1 = machineTicks();
    long[] lat = r.latencies();
    Arrays.sort(lat);
    String cpu = "";
    if (server0 != null && server1 != null && lat.length > 0) {
      double usPerTick = 1e6 / TICKS_PER_SECOND;
      long busy = machine1[0] - machine0[0];
      long all = busy + machine1[1] - machine0[1];
      cpu =
          String.format(
              "   server CPU %5.0f µs/req, load generator %4.0f µs/req, machine CPUs %3.0f%% busy",
              (server1[0] - server0[0]) * usPerTick / lat.length,
              (self1[0] - self0[0]) * usPerTick / lat.length,
              all == 0 ? 0 : 100.0 * busy / all);
    }
    System.out.printf(
        "%-42s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms   (%d requests, %d errors)%s%n",
        name,
        lat.length / r.seconds(),
        pct(lat, 0.50),
        pct(lat, 0.99),
        lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6,
        lat.length,
        r.errors(),
        cpu);
  }

  /** USER_HZ, the unit of /proc CPU times; 100 on every Linux build this runs on. */
  private static final double TICKS_PER_SECOND = 100;

  private final String serverPid = System.getenv("BENCH_SERVER_PID");

  /** User plus system CPU ticks of a process from /proc, or null if unavailable. */
  private static long[] cpuTicks(String pid) {
    if (pid == null || pid.isBlank()) {
      return null;
    }
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      // Fields after the command name, which is in parentheses and may contain spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Busy and idle ticks of all CPUs together, from /proc/stat; zeros if unavailable. */
  private static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      long idle = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        long v = Long.parseLong(f[i]);
        if (i == 4 || i == 5) { // idle, iowait
          idle += v;
        } else {
          busy += v;
        }
      }
      return new long[] {busy, idle};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
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
