package dev.hangar.builder.image;

import java.util.List;

/**
 * Signals that an image violates the import safety rules; {@link #problems()} names each offending
 * header field and why it is rejected.
 */
public final class UnsafeImageException extends ImageImportException {
  private static final long serialVersionUID = 1L;

  private final ImageFormat format;
  private final List<String> problems;

  /** Creates the exception for an image of {@code format} with the given "field: reason" list. */
  public UnsafeImageException(ImageFormat format, List<String> problems) {
    super("unsafe " + format + " image: " + String.join("; ", problems));
    this.format = format;
    this.problems = List.copyOf(problems);
  }

  /** Returns the detected format of the rejected image. */
  public ImageFormat format() {
    return format;
  }

  /** Returns the violated rules, each "field: reason". */
  public List<String> problems() {
    return problems;
  }
}
