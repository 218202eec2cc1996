package dev.hangar.marketplace.jobs;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Takes jobs from a {@link JobQueue} and runs them on a fixed number of threads, renewing the lease
 * of every job it holds until the job ends.
 *
 * <p>One worker is one queue consumer with its own identity; several workers (in one process or in
 * several service instances) share the queue. A job whose handler throws goes back to the queue
 * after {@link Settings#retryDelay()}; a worker that dies simply stops renewing, and its jobs
 * become due again when their leases run out.
 */
public final class JobWorker implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(JobWorker.class.getName());

  private final JobQueue queue;
  private final String id;
  private final Map<String, JobHandler> handlers;
  private final Settings settings;
  private final Semaphore free;
  private final ExecutorService runners;
  private final ScheduledExecutorService timers;
  private final Set<UUID> held = ConcurrentHashMap.newKeySet();
  private final Object wake = new Object();
  private volatile boolean stopped;

  /**
   * How a worker polls and leases.
   *
   * @param threads jobs run at the same time
   * @param poll how long an idle worker waits before looking for due jobs again
   * @param lease how long a taken job stays this worker's without a renewal
   * @param retryDelay how long a job whose handler failed waits before it is due again
   */
  public record Settings(int threads, Duration poll, Duration lease, Duration retryDelay) {
    /** Rejects sizes that would stall the worker. */
    public Settings {
      if (threads <= 0 || poll.isNegative() || lease.compareTo(Duration.ofMillis(300)) < 0) {
        throw new IllegalArgumentException("invalid worker settings");
      }
      Objects.requireNonNull(retryDelay, "retryDelay");
    }
  }

  /** A worker called {@code id} running {@code handlers} by job kind; call {@link #start()}. */
  public JobWorker(JobQueue queue, String id, Map<String, JobHandler> handlers, Settings settings) {
    this.queue = queue;
    this.id = id;
    this.handlers = Map.copyOf(handlers);
    this.settings = settings;
    this.free = new Semaphore(settings.threads());
    this.runners = Executors.newFixedThreadPool(settings.threads(), named(id + "-job"));
    this.timers = Executors.newScheduledThreadPool(2, named(id + "-timer"));
  }

  /** This worker's identity, recorded as the lease holder of the jobs it takes. */
  public String id() {
    return id;
  }

  /** Starts polling and renewing. */
  public void start() {
    long renewEvery = Math.max(100, settings.lease().toMillis() / 3);
    timers.scheduleWithFixedDelay(this::renewAll, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    timers.execute(this::pollLoop);
  }

  /** Makes an idle worker look for due jobs now instead of after its poll interval. */
  public void wakeUp() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /**
   * Stops taking jobs and waits up to {@code grace} for running ones; what is still running then is
   * interrupted and left to be retaken after its lease runs out.
   */
  public void stop(Duration grace) {
    stopped = true;
    wakeUp();
    runners.shutdown();
    try {
      runners.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runners.shutdownNow();
    timers.shutdownNow();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }

  private void pollLoop() {
    List<String> kinds = List.copyOf(handlers.keySet());
    while (!stopped) {
      try {
        free.acquire();
        var job =
            stopped ? java.util.Optional.<Job>empty() : queue.take(id, kinds, settings.lease());
        if (job.isPresent()) {
          held.add(job.get().id());
          runners.execute(() -> run(job.get()));
          continue; // more may be due
        }
        free.release();
        synchronized (wake) {
          wake.wait(Math.max(1, settings.poll().toMillis()));
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        free.release();
        LOG.log(Level.WARNING, "worker {0} cannot poll the job queue: {1}", id, e.getMessage());
        sleepQuietly(settings.poll());
      }
    }
  }

  private void run(Job job) {
    try {
      handlers.get(job.kind()).handle(job);
      if (!queue.complete(job.id(), id)) {
        LOG.log(
            Level.WARNING, "worker {0} lost the lease of job {1} before it ended", id, job.id());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "job " + job.id() + " (" + job.kind() + ") failed; retried later", e);
      try {
        queue.retryLater(job.id(), id, settings.retryDelay());
      } catch (RuntimeException again) {
        LOG.log(Level.WARNING, "cannot requeue job {0}: {1}", job.id(), again.getMessage());
      }
    } finally {
      held.remove(job.id());
      free.release();
    }
  }

  private void renewAll() {
    for (UUID job : held) {
      try {
        if (!queue.renew(job, id, settings.lease())) {
          LOG.log(Level.WARNING, "worker {0} no longer holds job {1}", id, job);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "cannot renew lease of job {0}: {1}", job, e.getMessage());
      }
    }
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    return r -> {
      Thread t = new Thread(r, prefix);
      t.setDaemon(true);
      return t;
    };
  }
}
