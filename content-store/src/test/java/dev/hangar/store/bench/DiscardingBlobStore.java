package dev.hangar.store.bench;

import dev.hangar.store.BlobInfo;
import dev.hangar.store.BlobNotFoundException;
import dev.hangar.store.BlobStore;
import dev.hangar.store.BlobStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A blob store that reads and drops the bytes of every put and remembers only the keys, so that
 * publishing into it measures only the chunk, hash and compress pipeline.
 */
final class DiscardingBlobStore implements BlobStore {

  final AtomicLong bytesPut = new AtomicLong();
  private final Set<String> keys = ConcurrentHashMap.newKeySet();

  @Override
  public void put(String key, InputStream data, long length) {
    try {
      bytesPut.addAndGet(data.readNBytes((int) Math.min(length, Integer.MAX_VALUE)).length);
      keys.add(key);
    } catch (IOException e) {
      throw new BlobStoreException("put " + key + " failed", false, e);
    }
  }

  @Override
  public InputStream get(String key) {
    throw new BlobNotFoundException(key);
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    throw new BlobNotFoundException(key);
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    return keys.contains(key) ? Optional.of(new BlobInfo(key, 0)) : Optional.empty();
  }

  @Override
  public List<String> list(String prefix) {
    return List.of();
  }

  @Override
  public void delete(String key) {
    keys.remove(key);
  }
}
