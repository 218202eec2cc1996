package dev.hangar.store;

import java.util.Objects;
import java.util.Optional;

/**
 * The one place where blob store decorators are composed (like restic's {@code wrapBackend}), so
 * every caller gets the same stack in the same order.
 */
public final class BlobStores {

  /**
   * Decorators to apply.
   *
   * @param retry retry policy, or empty for no retries
   */
  public record Options(Optional<RetryPolicy> retry) {

    /** Validates that the field is present. */
    public Options {
      Objects.requireNonNull(retry, "retry");
    }

    /** Returns the production defaults: retries with {@link RetryPolicy#defaults()}. */
    public static Options defaults() {
      return new Options(Optional.of(RetryPolicy.defaults()));
    }

    /** Returns options that apply no decorator. */
    public static Options none() {
      return new Options(Optional.empty());
    }
  }

  private BlobStores() {}

  /** Returns {@code backend} wrapped as {@code options} says (retries outermost). */
  public static BlobStore wrap(BlobStore backend, Options options) {
    BlobStore store = Objects.requireNonNull(backend, "backend");
    if (options.retry().isPresent()) {
      store = new RetryingBlobStore(store, options.retry().get());
    }
    return store;
  }
}
