package dev.hangar.store.trust;

import java.io.IOException;

/** Thrown by a {@link LimitedVerifyingInputStream} at end of data whose digest or size is wrong. */
public class ContentMismatchException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming expected and actual values. */
  public ContentMismatchException(String message) {
    super(message);
  }
}
