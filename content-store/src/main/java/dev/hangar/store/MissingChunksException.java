package dev.hangar.store;

import java.io.IOException;
import java.util.List;

/**
 * A commit referenced chunks the store does not hold (never uploaded, or collected meanwhile); no
 * manifest was written. The client uploads {@link #missing()} and commits again.
 */
public final class MissingChunksException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient List<Digest> missing;

  /** Creates an exception listing the missing chunk digests. */
  public MissingChunksException(Digest partition, List<Digest> missing) {
    super(
        "cannot commit partition "
            + partition
            + ": "
            + missing.size()
            + " chunk(s) missing, first "
            + missing.get(0));
    this.missing = List.copyOf(missing);
  }

  /** Returns the digests of the missing chunks, in manifest order without duplicates. */
  public List<Digest> missing() {
    return missing;
  }
}
