package dev.hangar.store.trust;

/** Thrown when signed metadata is not well-formed, not canonical, or has an unexpected type. */
public class MalformedMetadataException extends TrustException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the refused metadata. */
  public MalformedMetadataException(String message) {
    super(message);
  }

  /** Creates the exception with the underlying failure. */
  public MalformedMetadataException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return "malformed-metadata";
  }
}
