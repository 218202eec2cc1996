package dev.hangar.store.bench;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Timing and formatting helpers shared by the benchmark sections. */
final class Bench {

  private Bench() {}

  /** Something timed that may throw. */
  @FunctionalInterface
  interface Timed {
    void run() throws Exception;
  }

  /** Returns the wall-clock seconds {@code body} takes. */
  static double seconds(Timed body) throws Exception {
    long start = System.nanoTime();
    body.run();
    return (System.nanoTime() - start) / 1e9;
  }

  /** Returns the best (smallest) of {@code runs} timings. */
  static double best(int runs, Timed body) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      best = Math.min(best, seconds(body));
    }
    return best;
  }

  static String mibPerSecond(long bytes, double seconds) {
    return String.format(Locale.ROOT, "%.1f MiB/s", bytes / 1048576.0 / seconds);
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  static void line(String format, Object... args) {
    System.out.println(fmt(format, args));
  }

  static void goal(String what, double value, boolean met, String goal) {
    line("  %-58s %8.3f  (goal %s: %s)", what, value, goal, met ? "met" : "goal missed");
  }

  /** Runs a shell command line and returns its exit value (output passes through). */
  static void shell(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of("sh", "-c", command)).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IOException("command failed: " + command);
    }
  }
}
