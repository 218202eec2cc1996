package dev.hangar.store.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.store.Digest;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Typed field access for signed JSON documents; every defect becomes a checked exception. */
final class Json {

  /** Largest integer that every JCS implementation represents exactly (2^53 - 1). */
  static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private Json() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static JsonNode field(JsonNode node, String name) throws MalformedMetadataException {
    if (node == null || !node.isObject()) {
      throw new MalformedMetadataException("expected a JSON object holding '" + name + "'");
    }
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new MalformedMetadataException("missing field '" + name + "'");
    }
    return value;
  }

  static String text(JsonNode node, String name) throws MalformedMetadataException {
    JsonNode value = field(node, name);
    if (!value.isTextual()) {
      throw new MalformedMetadataException("field '" + name + "' must be a string");
    }
    return value.textValue();
  }

  static long integer(JsonNode node, String name, long min, long max)
      throws MalformedMetadataException {
    JsonNode value = field(node, name);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new MalformedMetadataException("field '" + name + "' must be an integer");
    }
    long v = value.longValue();
    if (v < min || v > max) {
      throw new MalformedMetadataException(
          "field '" + name + "' = " + v + " outside " + min + ".." + max);
    }
    return v;
  }

  static Digest digest(JsonNode node, String name) throws MalformedMetadataException {
    try {
      return Digest.parse(text(node, name));
    } catch (IllegalArgumentException e) {
      throw new MalformedMetadataException("field '" + name + "': " + e.getMessage(), e);
    }
  }

  static Instant instant(JsonNode node, String name) throws MalformedMetadataException {
    try {
      return Instant.parse(text(node, name));
    } catch (DateTimeParseException e) {
      throw new MalformedMetadataException("field '" + name + "' is not an RFC 3339 UTC time", e);
    }
  }

  /** Requires a whole-second instant, whose text form (e.g. 2025-01-02T03:04:05Z) is unique. */
  static Instant wholeSeconds(Instant t, String name) {
    if (t.getNano() != 0) {
      throw new IllegalArgumentException(name + " must be a whole second, got " + t);
    }
    return t;
  }

  static JsonNode array(JsonNode node, String name) throws MalformedMetadataException {
    JsonNode value = field(node, name);
    if (!value.isArray()) {
      throw new MalformedMetadataException("field '" + name + "' must be an array");
    }
    return value;
  }
}
