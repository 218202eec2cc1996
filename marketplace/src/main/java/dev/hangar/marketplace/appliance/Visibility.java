package dev.hangar.marketplace.appliance;

/** Who may see an appliance besides its publisher and administrators. */
public enum Visibility {
  /** Everyone, including anonymous callers. */
  PUBLIC,
  /** Only its publisher (and administrators and operators). */
  PRIVATE,
  /** Its publisher and the publishers it is shared with. */
  SHARED
}
