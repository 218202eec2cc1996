package dev.hangar.builder;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The format written into a partition image; serialised in lower case ({@code ext4}). */
public enum Filesystem {
  /** An ext4 file system populated from a staging tree. */
  EXT4,
  /** A Linux swap area (version 1 header, no bad pages). */
  SWAP,
  /** Unformatted zero-filled bytes. */
  RAW;

  /** Returns the lower-case name used in recipes and descriptors. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
