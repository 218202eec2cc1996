package dev.hangar.store;

/** The requested blob key does not exist in the store; never retryable. */
public class BlobNotFoundException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  private final String key;

  /** Creates an exception naming the missing {@code key}. */
  public BlobNotFoundException(String key) {
    this(key, null);
  }

  /** Creates an exception naming the missing {@code key}, caused by a lower-level failure. */
  public BlobNotFoundException(String key, Throwable cause) {
    super("blob not found: " + key, false, cause);
    this.key = key;
  }

  /** Returns the key that was not found. */
  public String key() {
    return key;
  }
}
