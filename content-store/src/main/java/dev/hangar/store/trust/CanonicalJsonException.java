package dev.hangar.store.trust;

/** Thrown when JSON text is malformed or a value has no RFC 8785 canonical form. */
public class CanonicalJsonException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the offending construct. */
  public CanonicalJsonException(String message) {
    super(message);
  }

  /** Creates the exception with the parser failure that caused it. */
  public CanonicalJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
