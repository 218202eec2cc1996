package dev.hangar.builder.image;

import java.util.List;
import java.util.Map;

/**
 * What {@link FormatInspector} learned from an image's headers: its format, virtual disk size,
 * format-specific details and every safety problem found (empty when the image is safe to import).
 *
 * @param format the detected format
 * @param virtualSize size in bytes of the disk the image represents
 * @param details format-specific facts ("qcow2.version", "ova.disk", ...) for the catalog
 * @param safetyProblems one "field: reason" entry per violated rule
 */
public record InspectionResult(
    ImageFormat format,
    long virtualSize,
    Map<String, String> details,
    List<String> safetyProblems) {

  /** Copies the collections so the result stays immutable. */
  public InspectionResult {
    details = Map.copyOf(details);
    safetyProblems = List.copyOf(safetyProblems);
  }

  /** Returns whether no safety rule was violated. */
  public boolean isSafe() {
    return safetyProblems.isEmpty();
  }

  /** Returns this result if it is safe, else throws {@link UnsafeImageException} listing why. */
  public InspectionResult requireSafe() {
    if (!isSafe()) {
      throw new UnsafeImageException(format, safetyProblems);
    }
    return this;
  }
}
