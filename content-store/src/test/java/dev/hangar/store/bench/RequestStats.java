package dev.hangar.store.bench;

import static dev.hangar.store.bench.Bench.line;

import dev.hangar.store.BlobInfo;
import dev.hangar.store.BlobStore;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests and the time spent in them per operation and key prefix (e.g. {@code put
 * touch/}), to show what share of a publish the touch markers cost.
 */
final class RequestStats implements BlobStore {

  private final BlobStore delegate;
  private final Map<String, LongAdder[]> stats = new ConcurrentHashMap<>();

  RequestStats(BlobStore delegate) {
    this.delegate = delegate;
  }

  private void record(String op, String key, long start) {
    String prefix = key.contains("/") ? key.substring(0, key.indexOf('/') + 1) : key;
    LongAdder[] s =
        stats.computeIfAbsent(
            op + " " + prefix, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
    s[0].increment();
    s[1].add(System.nanoTime() - start);
  }

  void print() {
    line("  requests by kind (count, summed latency over all threads):");
    new TreeMap<>(stats)
        .forEach(
            (kind, s) ->
                line(
                    "    %-22s %7d  %8.2f s  %6.2f ms each",
                    kind,
                    s[0].sum(),
                    s[1].sum() / 1e9,
                    s[1].sum() / 1e6 / Math.max(1, s[0].sum())));
  }

  @Override
  public void put(String key, InputStream data, long length) {
    long start = System.nanoTime();
    delegate.put(key, data, length);
    record("put", key, start);
  }

  @Override
  public InputStream get(String key) {
    long start = System.nanoTime();
    InputStream in = delegate.get(key);
    record("get", key, start);
    return in;
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    return delegate.get(key, offset, length);
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    long start = System.nanoTime();
    Optional<BlobInfo> info = delegate.stat(key);
    record("stat", key, start);
    return info;
  }

  @Override
  public List<String> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }
}
