package dev.hangar.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Delegates to a real store and records the keys of every put, so tests can count uploads. */
final class CountingBlobStore implements BlobStore {

  private final BlobStore delegate;
  private final ConcurrentLinkedQueue<String> puts = new ConcurrentLinkedQueue<>();

  CountingBlobStore(BlobStore delegate) {
    this.delegate = delegate;
  }

  /** Returns the keys put so far and forgets them. */
  List<String> drainPuts() {
    List<String> keys = List.copyOf(puts);
    puts.clear();
    return keys;
  }

  @Override
  public void put(String key, InputStream data, long length) {
    delegate.put(key, data, length);
    puts.add(key);
  }

  @Override
  public InputStream get(String key) {
    return delegate.get(key);
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    return delegate.get(key, offset, length);
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    return delegate.stat(key);
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
