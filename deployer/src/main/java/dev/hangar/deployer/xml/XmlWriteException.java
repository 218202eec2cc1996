package dev.hangar.deployer.xml;

/** Thrown when the XML serializer rejects a document; it signals a programming error. */
public final class XmlWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Wraps the serializer's failure. */
  public XmlWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
