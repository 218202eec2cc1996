package dev.hangar.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** A store that passes every call to another; test decorators override only what they observe. */
abstract class ForwardingBlobStore implements BlobStore {
  protected final BlobStore delegate;

  ForwardingBlobStore(BlobStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void put(String key, InputStream data, long length) {
    delegate.put(key, data, length);
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
