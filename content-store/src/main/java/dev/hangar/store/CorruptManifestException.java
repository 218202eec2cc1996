package dev.hangar.store;

import java.io.IOException;

/** A partition manifest cannot be parsed, breaks its invariants, or disagrees with its digest. */
public class CorruptManifestException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the manifest key. */
  public CorruptManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
