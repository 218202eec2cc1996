package dev.hangar.store;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Delegates to a real store and records the keys of every put, so tests can count uploads. */
final class CountingBlobStore extends ForwardingBlobStore {
  private final ConcurrentLinkedQueue<String> puts = new ConcurrentLinkedQueue<>();

  CountingBlobStore(BlobStore delegate) {
    super(delegate);
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
}
