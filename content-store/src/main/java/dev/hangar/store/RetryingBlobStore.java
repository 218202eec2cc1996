package dev.hangar.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A {@link BlobStore} decorator that repeats calls failing with a {@linkplain
 * BlobStoreException#retryable() retryable} error, with exponential back-off and full jitter
 * ({@link RetryPolicy}); permanent errors and {@link BlobNotFoundException} pass through at once.
 *
 * <p>Puts are retried only when the data can be replayed: the stream must support {@link
 * InputStream#mark(int)} and {@code length} must fit in an {@code int} (e.g. a {@link
 * java.io.ByteArrayInputStream}, which every chunk, manifest and record put uses). The stream is
 * marked before the first attempt and reset before each retry; other puts get a single attempt. A
 * {@code get} retries opening the object; a failure while reading the returned stream is not
 * retried. Thread-safe if the delegate is.
 */
public final class RetryingBlobStore implements BlobStore {

  private static final System.Logger LOG = System.getLogger(RetryingBlobStore.class.getName());

  /** Sleeps between attempts; tests substitute one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    /** Pauses for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
  }

  private final BlobStore delegate;
  private final RetryPolicy policy;
  private final Sleeper sleeper;

  /** Creates a decorator that really sleeps between attempts. */
  public RetryingBlobStore(BlobStore delegate, RetryPolicy policy) {
    this(delegate, policy, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000));
  }

  /** Creates a decorator with a custom {@code sleeper}. */
  public RetryingBlobStore(BlobStore delegate, RetryPolicy policy, Sleeper sleeper) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  @Override
  public void put(String key, InputStream data, long length) {
    boolean replayable = data.markSupported() && length < Integer.MAX_VALUE;
    if (!replayable) {
      delegate.put(key, data, length);
      return;
    }
    data.mark((int) length + 1);
    call(
        "put " + key,
        () -> {
          delegate.put(key, data, length);
          return null;
        },
        () -> {
          try {
            data.reset();
          } catch (IOException e) {
            throw new BlobStoreException("cannot replay the data of " + key, false, e);
          }
        });
  }

  @Override
  public InputStream get(String key) {
    return call("get " + key, () -> delegate.get(key), () -> {});
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    return call("get " + key, () -> delegate.get(key, offset, length), () -> {});
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    return call("stat " + key, () -> delegate.stat(key), () -> {});
  }

  @Override
  public List<String> list(String prefix) {
    return call("list " + prefix, () -> delegate.list(prefix), () -> {});
  }

  @Override
  public void delete(String key) {
    call(
        "delete " + key,
        () -> {
          delegate.delete(key);
          return null;
        },
        () -> {});
  }

  @Override
  public String toString() {
    return "Retrying[" + delegate + "]";
  }

  private <T> T call(String what, Supplier<T> operation, Runnable beforeRetry) {
    for (int attempt = 1; ; attempt++) {
      try {
        return operation.get();
      } catch (BlobStoreException e) {
        if (!e.retryable() || attempt >= policy.maxAttempts()) {
          throw e;
        }
        long ceiling = policy.ceiling(attempt).toNanos();
        Duration pause = Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
        LOG.log(
            System.Logger.Level.DEBUG,
            "{0} failed (attempt {1}), retrying in {2}: {3}",
            what,
            attempt,
            pause,
            e.getMessage());
        pause(what, pause, e);
        beforeRetry.run();
      }
    }
  }

  private void pause(String what, Duration pause, BlobStoreException cause) {
    try {
      sleeper.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      BlobStoreException interrupted =
          new BlobStoreException(
              what + " interrupted while backing off", false, new InterruptedIOException());
      interrupted.addSuppressed(cause);
      throw interrupted;
    }
  }
}
