package dev.hangar.marketplace.progress;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the events of the latest operation per version in memory and fans them out to watchers. A
 * watcher first gets the events so far, then live ones, and its stream completes with the terminal
 * event. Memory is bounded: the {@value #MAX_VERSIONS} most recently active versions, at most
 * {@value #MAX_EVENTS} events each (older progress events are dropped first).
 */
@ApplicationScoped
public class ProgressHub {
  static final int MAX_VERSIONS = 1000;
  static final int MAX_EVENTS = 200;

  private final Map<UUID, Channel> channels =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Channel> eldest) {
          return size() > MAX_VERSIONS;
        }
      };

  /** Starts a new operation on {@code version}, replacing the events of the previous one. */
  public Operation begin(UUID version, String operation) {
    Channel c;
    synchronized (channels) {
      c = channels.computeIfAbsent(version, v -> new Channel());
    }
    c.restart();
    return new Operation(c, operation);
  }

  /**
   * Continues the version's current operation if it is {@code operation} and has not ended (the
   * requests of a chunked upload report into one operation); otherwise begins a new one.
   */
  public Operation join(UUID version, String operation) {
    Channel c;
    synchronized (channels) {
      c = channels.computeIfAbsent(version, v -> new Channel());
    }
    if (!c.continues(operation)) {
      c.restart();
    }
    return new Operation(c, operation);
  }

  /** The events of the version's current operation so far, then live ones until it ends. */
  public Multi<ProgressEvent> watch(UUID version) {
    Channel c;
    synchronized (channels) {
      c = channels.computeIfAbsent(version, v -> new Channel());
    }
    return Multi.createFrom().<ProgressEvent>emitter(c::attach);
  }

  /**
   * Reports the steps of one operation; the first terminal event ends it, later calls are no-ops.
   */
  public static final class Operation {
    private final Channel channel;
    private final String name;

    private Operation(Channel channel, String name) {
      this.channel = channel;
      this.name = name;
    }

    /** Reports a step. */
    public void step(String phase, Long bytes, Long totalBytes, Integer chunks, String detail) {
      channel.emit(name, phase, bytes, totalBytes, chunks, detail);
    }

    /** Adds one received chunk of {@code bytes} to the operation's totals and reports them. */
    public void chunk(long bytes, String detail) {
      long[] totals = channel.count(bytes);
      step("chunk", totals[0], null, (int) totals[1], detail);
    }

    /** Reports a step that carries only a note. */
    public void step(String phase, String detail) {
      step(phase, null, null, null, detail);
    }

    /** Ends the operation successfully. */
    public void done(String detail) {
      step(ProgressEvent.DONE, detail);
    }

    /** Ends the operation with an error. */
    public void failed(String detail) {
      step(ProgressEvent.FAILED, detail);
    }
  }

  private static final class Channel {
    private final List<ProgressEvent> events = new ArrayList<>();
    private final List<MultiEmitter<? super ProgressEvent>> watchers = new ArrayList<>();
    private long seq;
    private boolean ended;
    private long bytes;
    private long chunks;

    synchronized void restart() {
      events.clear();
      seq = 0;
      ended = false;
      bytes = 0;
      chunks = 0;
    }

    synchronized boolean continues(String operation) {
      return !ended && !events.isEmpty() && events.get(0).operation().equals(operation);
    }

    synchronized long[] count(long n) {
      bytes += n;
      chunks++;
      return new long[] {bytes, chunks};
    }

    synchronized void attach(MultiEmitter<? super ProgressEvent> emitter) {
      events.forEach(emitter::emit);
      if (ended) {
        emitter.complete();
        return;
      }
      watchers.add(emitter);
      emitter.onTermination(
          () -> {
            synchronized (this) {
              watchers.remove(emitter);
            }
          });
    }

    synchronized void emit(
        String operation, String phase, Long bytes, Long total, Integer chunks, String detail) {
      if (ended) {
        return;
      }
      ProgressEvent e =
          new ProgressEvent(
              ++seq, operation, phase, bytes, total, chunks, detail, OffsetDateTime.now());
      if (events.size() >= MAX_EVENTS) {
        events.remove(1); // keep the first event, drop the oldest progress after it
      }
      events.add(e);
      ended = e.terminal();
      for (MultiEmitter<? super ProgressEvent> w : List.copyOf(watchers)) {
        w.emit(e);
        if (ended) {
          w.complete();
        }
      }
      if (ended) {
        watchers.clear();
      }
    }
  }
}
