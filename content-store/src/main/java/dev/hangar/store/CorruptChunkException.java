package dev.hangar.store;

import java.io.IOException;

/**
 * A chunk's bytes do not match its digest (or its object is missing or undecodable), so nothing
 * derived from it may be used.
 */
public class CorruptChunkException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Digest digest;

  /** Creates an exception naming the chunk {@code digest} and why it is unusable. */
  public CorruptChunkException(Digest digest, String reason, Throwable cause) {
    super("chunk " + digest + " is corrupt: " + reason, cause);
    this.digest = digest;
  }

  /** Returns the digest the chunk should have had. */
  public Digest digest() {
    return digest;
  }
}
