package dev.hangar.marketplace.search;

import dev.hangar.marketplace.problem.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page ended: the sort key and id of its last item, opaque to clients (base64url). Keyset
 * pagination, so pages stay stable while appliances are added.
 */
public record Cursor(String name, OffsetDateTime createdAt, UUID id) {

  String encode(SearchQuery.Sort sort) {
    String key = sort == SearchQuery.Sort.NAME ? name : createdAt.toString();
    String raw = sort.name() + "\n" + key + "\n" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Cursor decode(String text, SearchQuery.Sort sort) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\n", 3);
      if (parts.length != 3 || !parts[0].equals(sort.name())) {
        throw ApiException.badField("cursor", "was issued for another sort order");
      }
      UUID id = UUID.fromString(parts[2]);
      return sort == SearchQuery.Sort.NAME
          ? new Cursor(parts[1], null, id)
          : new Cursor(null, OffsetDateTime.parse(parts[1]), id);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw ApiException.badField("cursor", "is not a cursor this API issued");
    }
  }
}
