package dev.hangar.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delegates to a real store but makes the next {@code failures} calls fail first; a failing put
 * consumes part of its data first, as a dropped connection would.
 */
final class FlakyBlobStore implements BlobStore {

  private final BlobStore delegate;
  private final AtomicInteger failuresLeft;
  private final boolean retryable;
  private final AtomicInteger calls = new AtomicInteger();

  FlakyBlobStore(BlobStore delegate, int failures, boolean retryable) {
    this.delegate = delegate;
    this.failuresLeft = new AtomicInteger(failures);
    this.retryable = retryable;
  }

  int calls() {
    return calls.get();
  }

  private void maybeFail(String what) {
    calls.incrementAndGet();
    if (failuresLeft.getAndDecrement() > 0) {
      throw new BlobStoreException("injected failure of " + what, retryable);
    }
  }

  @Override
  public void put(String key, InputStream data, long length) {
    calls.incrementAndGet();
    if (failuresLeft.getAndDecrement() > 0) {
      try {
        data.readNBytes((int) Math.min(length, 7));
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      throw new BlobStoreException("injected failure of put " + key, retryable);
    }
    delegate.put(key, data, length);
  }

  @Override
  public InputStream get(String key) {
    maybeFail("get " + key);
    return delegate.get(key);
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    maybeFail("get " + key);
    return delegate.get(key, offset, length);
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    maybeFail("stat " + key);
    return delegate.stat(key);
  }

  @Override
  public List<String> list(String prefix) {
    maybeFail("list " + prefix);
    return delegate.list(prefix);
  }

  @Override
  public void delete(String key) {
    maybeFail("delete " + key);
    delegate.delete(key);
  }
}
