package dev.hangar.marketplace.blob;

import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.problem.Problem;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One satisfiable byte range of a file of known size, parsed from an HTTP {@code Range} header (RFC
 * 9110 section 14): {@code bytes=first-last}, {@code bytes=first-} or {@code bytes=-suffix}.
 *
 * @param first offset of the first byte
 * @param length number of bytes, at least 1
 * @param size size of the whole file
 */
record ByteRange(long first, long length, long size) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

  /**
   * The range {@code header} asks for, or null for the whole file (no header); 416 with {@code
   * Content-Range: bytes *&#47;size} when it is malformed, asks for several ranges or starts past
   * the end.
   */
  static ByteRange parse(String header, long size) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      throw unsatisfiable(size, "must be one range: bytes=first-last, bytes=first- or bytes=-n");
    }
    long first;
    long last;
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      if (suffix == 0 || size == 0) {
        throw unsatisfiable(size, "asks for no bytes");
      }
      first = Math.max(0, size - suffix);
      last = size - 1;
    } else {
      first = Long.parseLong(m.group(1));
      last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
      if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
        throw unsatisfiable(size, "last byte before first byte");
      }
      if (first >= size) {
        throw unsatisfiable(size, "starts at or past the end of the " + size + "-byte file");
      }
    }
    return new ByteRange(first, last - first + 1, size);
  }

  /** The Content-Range header value of this range. */
  String contentRange() {
    return "bytes " + first + "-" + (first + length - 1) + "/" + size;
  }

  private static ApiException unsatisfiable(long size, String why) {
    return new ApiException(
            416,
            "Range Not Satisfiable",
            "Range: " + why,
            List.of(new Problem.FieldError("Range", why)))
        .withHeader("Content-Range", "bytes */" + size);
  }
}
