package dev.hangar.store;

import java.util.Objects;

/**
 * Metadata of one stored blob.
 *
 * @param key the blob's key
 * @param size the blob's length in bytes
 */
public record BlobInfo(String key, long size) {

  /** Validates that the key is non-null and the size non-negative. */
  public BlobInfo {
    Objects.requireNonNull(key, "key");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + key);
    }
  }
}
