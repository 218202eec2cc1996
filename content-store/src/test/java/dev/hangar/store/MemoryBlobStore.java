package dev.hangar.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link BlobStore} in memory, for tests that need thousands of operations per second; it passes
 * the same contract test as the real stores ({@link MemoryBlobStoreTest}).
 */
final class MemoryBlobStore implements BlobStore {

  private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

  @Override
  public void put(String key, InputStream data, long length) {
    BlobKeys.requireValidKey(key);
    if (length < 0 || length > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("unsupported length " + length + " for " + key);
    }
    try {
      byte[] bytes = new ExactLengthInputStream(data, length).readAllBytes();
      objects.put(key, bytes);
    } catch (IOException e) {
      throw new BlobStoreException("put " + key + ": reading the data failed: " + e, false, e);
    }
  }

  @Override
  public InputStream get(String key) {
    return new ByteArrayInputStream(bytes(key));
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range for " + key);
    }
    byte[] bytes = bytes(key);
    int from = (int) Math.min(offset, bytes.length);
    int to = (int) Math.min(bytes.length, from + Math.min(length, Integer.MAX_VALUE));
    return new ByteArrayInputStream(Arrays.copyOfRange(bytes, from, to));
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    BlobKeys.requireValidKey(key);
    byte[] bytes = objects.get(key);
    return bytes == null ? Optional.empty() : Optional.of(new BlobInfo(key, bytes.length));
  }

  @Override
  public List<String> list(String prefix) {
    BlobKeys.requireValidPrefix(prefix);
    List<String> keys = new ArrayList<>();
    for (String key : objects.tailMap(prefix, true).keySet()) {
      if (!key.startsWith(prefix)) {
        break;
      }
      keys.add(key);
    }
    return keys;
  }

  @Override
  public void delete(String key) {
    BlobKeys.requireValidKey(key);
    objects.remove(key);
  }

  private byte[] bytes(String key) {
    BlobKeys.requireValidKey(key);
    byte[] bytes = objects.get(key);
    if (bytes == null) {
      throw new BlobNotFoundException(key);
    }
    return bytes;
  }
}
