package dev.hangar.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RetryingBlobStore} retries: at most {@code maxAttempts} calls in total, sleeping a
 * random ("full jitter") duration in {@code [0, min(maxDelay, baseDelay * 2^(attempt-1))]} before
 * each retry.
 *
 * @param maxAttempts total calls including the first, at least 1
 * @param baseDelay upper bound of the first back-off
 * @param maxDelay cap of every back-off
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

  /** Validates the bounds. */
  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1 || baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "need maxAttempts >= 1 and 0 <= baseDelay <= maxDelay, got " + this);
    }
  }

  /** Returns the defaults: 6 attempts, back-off from 200 ms up to 10 s (about 20 s in total). */
  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10));
  }

  /** Returns the upper bound of the back-off before retry number {@code retry} (1-based). */
  Duration ceiling(int retry) {
    int shift = Math.min(retry - 1, 30);
    Duration exponential = baseDelay.multipliedBy(1L << shift);
    return exponential.compareTo(maxDelay) > 0 ? maxDelay : exponential;
  }
}
