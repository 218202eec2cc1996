package dev.hangar.store;

import java.io.IOException;

/** Uploaded bytes hash to another digest than the one they were offered under. */
public final class DigestMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  private final Digest expected;
  private final Digest actual;

  public DigestMismatchException(Digest expected, Digest actual) {
    super("the bytes do not hash to " + expected + " but to " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  public Digest expected() {
    return expected;
  }

  public Digest actual() {
    return actual;
  }
}
