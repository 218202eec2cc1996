package dev.hangar.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A flat namespace of immutable byte objects ("blobs") addressed by string keys, implemented over a
 * local directory ({@link FileBlobStore}) or an S3 bucket ({@link S3BlobStore}).
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li><b>Keys</b> are validated by {@link BlobKeys#requireValidKey(String)} in every method; an
 *       invalid key raises {@link IllegalArgumentException} before any I/O.
 *   <li><b>Atomic puts.</b> {@link #put} makes the object visible all at once: a concurrent or
 *       later reader sees either no object (or the previous one) or the complete new one, never a
 *       prefix. A put that fails leaves no partial object behind.
 *   <li><b>Write-once by convention.</b> Callers use keys whose content is determined by the key
 *       (content addresses), so a {@code put} of an existing key is allowed and idempotent: it
 *       atomically replaces the object with identical bytes. The store does not compare contents;
 *       re-putting different bytes replaces the object (last writer wins) and is a caller bug.
 *   <li><b>Deletes</b> are idempotent: deleting a missing key succeeds.
 * </ul>
 *
 * <h2>Errors</h2>
 *
 * All failures are unchecked {@link BlobStoreException}s whose message names the key. {@link
 * BlobNotFoundException} (not retryable) reports a missing key for {@link #get}. {@link
 * BlobStoreException#retryable()} is true for transient faults (network I/O errors, HTTP 5xx, HTTP
 * 429/503 throttling) and false for permanent ones (HTTP 4xx such as access denied, a data stream
 * that ends before its declared length, local file system errors). Failures while reading a
 * returned {@link InputStream} surface as {@link java.io.IOException} from its {@code read}.
 *
 * <p>Implementations are thread-safe.
 */
public interface BlobStore {

  /**
   * Stores exactly {@code length} bytes read from {@code data} under {@code key}, atomically.
   *
   * <p>Bytes beyond {@code length} are not read. {@code data} is not closed.
   *
   * @throws BlobStoreException (not retryable) if {@code data} ends before {@code length} bytes or
   *     fails while being read; nothing is stored in that case
   */
  void put(String key, InputStream data, long length);

  /**
   * Opens the whole object for reading; the caller must close the stream.
   *
   * @throws BlobNotFoundException if no object has this key
   */
  InputStream get(String key);

  /**
   * Opens bytes {@code [offset, offset + length)} of the object, truncated at its end (so an {@code
   * offset} at or past the end yields an empty stream); the caller must close the stream.
   *
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
   * @throws BlobNotFoundException if no object has this key
   */
  InputStream get(String key, long offset, long length);

  /** Returns the object's metadata, or empty if no object has this key. */
  Optional<BlobInfo> stat(String key);

  /**
   * Returns all keys starting with {@code prefix} (a plain string prefix, e.g. {@code "chunks/"} or
   * {@code "chunks/a"}), sorted in ascending {@link String} order. The empty prefix lists all.
   *
   * @throws IllegalArgumentException if the prefix is not valid per {@link
   *     BlobKeys#requireValidPrefix(String)}
   */
  List<String> list(String prefix);

  /** Removes the object if present; succeeds if it is already absent. */
  void delete(String key);
}
