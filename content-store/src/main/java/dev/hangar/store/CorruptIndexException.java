package dev.hangar.store;

/** A pack index object exists but is not a valid index (FORMAT.md, "Pack index"). */
public final class CorruptIndexException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  CorruptIndexException(String message) {
    super(message, false, null);
  }
}
