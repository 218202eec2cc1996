package dev.hangar.marketplace.search;

import dev.hangar.marketplace.problem.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated catalog search.
 *
 * @param terms lower-cased words that must all occur (in name, summary, description or a tag)
 * @param category only appliances in this category
 * @param publisher only appliances of this publisher
 * @param arch only appliances with a published version for this architecture
 * @param hypervisor only appliances with a published version for this hypervisor
 * @param signed only appliances whose latest published version has at least one signature
 * @param trusted only appliances whose latest published version the site trust policy judges
 *     compliant
 * @param sort {@code name} (A→Z) or {@code newest}
 * @param cursor where the previous page ended, as returned in {@code nextCursor}
 * @param limit page size, 1-100
 */
public record SearchQuery(
    List<String> terms,
    String category,
    String publisher,
    String arch,
    String hypervisor,
    boolean signed,
    boolean trusted,
    Sort sort,
    Cursor cursor,
    int limit) {

  /** Result order. */
  public enum Sort {
    NAME,
    NEWEST
  }

  private static final int MAX_TERMS = 8;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /**
   * This query as a string that no other query has (each part length-prefixed), for keys that are
   * cheap to hash and compare.
   */
  String key() {
    StringBuilder key = new StringBuilder(64);
    key.append(terms.size()).append(';');
    for (String t : terms) {
      part(key, t);
    }
    part(key, category);
    part(key, publisher);
    part(key, arch);
    part(key, hypervisor);
    key.append(signed ? 'S' : '-').append(trusted ? 'T' : '-').append(sort.ordinal());
    key.append(cursor == null ? '-' : 'C');
    if (cursor != null) {
      part(key, cursor.name());
      part(key, cursor.createdAt() == null ? null : cursor.createdAt().toString());
      part(key, cursor.id().toString());
    }
    return key.append(';').append(limit).toString();
  }

  private static void part(StringBuilder key, String value) {
    if (value == null) {
      key.append('~');
    } else {
      key.append(value.length()).append(':').append(value);
    }
  }

  /** Parses the query parameters of {@code GET /api/v1/search}, naming the bad one on error. */
  public static SearchQuery parse(
      String q,
      String category,
      String publisher,
      String arch,
      String hypervisor,
      String signed,
      String trusted,
      String sort,
      String cursor,
      int limit) {
    List<String> terms =
        q == null
            ? List.of()
            : Arrays.stream(WHITESPACE.split(q.toLowerCase(Locale.ROOT)))
                .filter(t -> !t.isEmpty())
                .toList();
    if (terms.size() > MAX_TERMS) {
      throw ApiException.badField("q", "at most " + MAX_TERMS + " words");
    }
    if (terms.stream().anyMatch(t -> t.length() > 64)) {
      throw ApiException.badField("q", "words are at most 64 characters");
    }
    Sort order;
    try {
      order = sort == null ? Sort.NAME : Sort.valueOf(sort.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("sort", "must be 'name' or 'newest'");
    }
    if (limit < 1 || limit > 100) {
      throw ApiException.badField("limit", "must be between 1 and 100");
    }
    return new SearchQuery(
        terms,
        blankToNull(category),
        blankToNull(publisher),
        blankToNull(arch),
        blankToNull(hypervisor),
        flag("signed", signed),
        flag("trusted", trusted),
        order,
        cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor, order),
        limit);
  }

  /** {@code true} keeps only matching appliances; {@code false} or absent does not filter. */
  private static boolean flag(String name, String value) {
    if (value == null || value.isBlank() || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw ApiException.badField(name, "must be 'true' or 'false'");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
