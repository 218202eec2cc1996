package dev.hangar.builder.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of one transfer on stderr: on a terminal a bar redrawn in place with bytes, throughput
 * and ETA; otherwise a plain line every {@link #PLAIN_INTERVAL_NANOS} (and one at the end), so logs
 * of scripts stay readable.
 */
final class ProgressBar {
  static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;
  private static final long TTY_INTERVAL_NANOS = 100_000_000L;
  private static final int WIDTH = 24;

  private final PrintStream err;
  private final boolean tty;
  private final String label;
  private final long total;
  private final LongSupplier clock;
  private final long started;
  private long done;
  private long lastDrawn;

  ProgressBar(PrintStream err, boolean tty, String label, long total, LongSupplier nanoClock) {
    this.err = err;
    this.tty = tty;
    this.label = label;
    this.total = Math.max(0, total);
    this.clock = nanoClock;
    this.started = nanoClock.getAsLong();
    this.lastDrawn = started;
  }

  ProgressBar(PrintStream err, boolean tty, String label, long total) {
    this(err, tty, label, total, System::nanoTime);
  }

  /** Counts {@code bytes} more as done and redraws when it is time to. */
  void advance(long bytes) {
    done += bytes;
    long now = clock.getAsLong();
    if (now - lastDrawn >= (tty ? TTY_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS)) {
      lastDrawn = now;
      draw(now, false);
    }
  }

  /** Draws the final state (and ends the terminal line). */
  void finish() {
    draw(clock.getAsLong(), true);
  }

  /** Returns the line that would be drawn now, without the terminal control characters. */
  String line(long now) {
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    double rate = done / seconds;
    StringBuilder b = new StringBuilder(label).append(' ');
    if (tty) {
      int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
      b.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
    }
    int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
    b.append(String.format(Locale.ROOT, "%3d%% ", percent));
    b.append(bytes(done)).append(" / ").append(bytes(total));
    b.append(", ").append(bytes((long) rate)).append("/s");
    if (done < total && rate > 0) {
      b.append(", ETA ").append(duration((long) Math.ceil((total - done) / rate)));
    } else if (done >= total) {
      b.append(", ").append(duration((long) Math.ceil(seconds)));
    }
    return b.toString();
  }

  private void draw(long now, boolean last) {
    if (tty) {
      err.print("\r" + line(now) + "\033[K" + (last ? "\n" : ""));
    } else {
      err.println(line(now));
    }
    err.flush();
  }

  /** Formats a byte count with binary units, e.g. {@code 1.5 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Formats seconds as {@code 42s}, {@code 3m05s} or {@code 1h02m}. */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
