package dev.hangar.builder.image;

/** Signals that an image could not be read, inspected or converted. */
public class ImageImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public ImageImportException(String message) {
    super(message);
  }

  /** Creates the exception with a message and its cause. */
  public ImageImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
