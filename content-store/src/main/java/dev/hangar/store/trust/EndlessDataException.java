package dev.hangar.store.trust;

import java.io.IOException;

/** Thrown by a {@link LimitedVerifyingInputStream} as soon as more bytes arrive than allowed. */
public class EndlessDataException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the limit. */
  public EndlessDataException(String message) {
    super(message);
  }
}
