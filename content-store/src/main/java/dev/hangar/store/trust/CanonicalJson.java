package dev.hangar.store.trust;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Serializes a Jackson tree as RFC 8785 JSON Canonicalization Scheme (JCS) UTF-8 bytes.
 *
 * <p>Object members are sorted by the UTF-16 code units of their names ({@link
 * String#compareTo(String)} compares exactly those), numbers use the ECMAScript number-to-string
 * algorithm ({@link Es6Number}), strings use the minimal escaping of RFC 8785 section 3.2.2.2 and
 * there is no insignificant white space. Like ECMAScript, every number is an IEEE 754 double and
 * decimal fractions are read as the nearest double. An integer literal that no double represents
 * exactly is rejected rather than silently rounded, unless it is itself the ECMAScript form of a
 * double (e.g. {@code 295147905179352830000}), so canonical output always re-canonicalizes to
 * itself. NaN and the infinities are rejected. Strings containing lone surrogates are rejected (RFC
 * 8785 section 3.2.2.2 requires valid Unicode).
 */
public final class CanonicalJson {

  /** A mapper that refuses duplicate member names, which RFC 8785 forbids. */
  static final ObjectMapper STRICT =
      JsonMapper.builder(
              JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private CanonicalJson() {}

  /**
   * Parses UTF-8 JSON text, refusing duplicate member names and trailing content.
   *
   * @throws CanonicalJsonException if the text is not a single well-formed JSON value
   */
  public static JsonNode parse(byte[] json) {
    try (JsonParser parser = STRICT.createParser(json)) {
      JsonNode node = STRICT.readTree(parser);
      if (node == null || node.isMissingNode()) {
        throw new CanonicalJsonException("empty JSON text");
      }
      if (parser.nextToken() != null) {
        throw new CanonicalJsonException("trailing content after the JSON value");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new CanonicalJsonException("malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      // Parsing an in-memory array performs no real I/O.
      throw new CanonicalJsonException("unreadable JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the canonical UTF-8 bytes of {@code node}.
   *
   * @throws CanonicalJsonException for numbers or strings that have no canonical form
   */
  public static byte[] canonicalize(JsonNode node) {
    return canonicalString(node).getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the canonical form of {@code node} as a Java string (UTF-8 encode it to sign). */
  public static String canonicalString(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  /** Returns whether {@code json} is exactly the canonical serialization of the value it holds. */
  public static boolean isCanonical(byte[] json) {
    try {
      return java.util.Arrays.equals(json, canonicalize(parse(json)));
    } catch (CanonicalJsonException e) {
      return false;
    }
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case NULL -> out.append("null");
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> out.append(number(node));
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          members.add(it.next());
        }
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          writeString(members.get(i).getKey(), out);
          out.append(':');
          write(members.get(i).getValue(), out);
        }
        out.append('}');
      }
      default ->
          throw new CanonicalJsonException("no JSON form for node type " + node.getNodeType());
    }
  }

  private static String number(JsonNode node) {
    if (node.isIntegralNumber()) {
      BigDecimal exact = new BigDecimal(node.bigIntegerValue());
      double d = exact.doubleValue();
      String text = Es6Number.format(d);
      // Beyond 2^53 ECMAScript prints doubles as zero-padded integers that are not exact (2^60
      // prints as 1152921504606847000); such text is the canonical form of a double and accepted,
      // any other inexact integer (e.g. 2^53 + 1) would be silently rounded and is refused.
      if (new BigDecimal(d).compareTo(exact) != 0 && !text.equals(exact.toPlainString())) {
        throw new CanonicalJsonException(
            "integer " + exact + " is not exactly representable as an IEEE 754 double");
      }
      return text;
    }
    // A decimal literal denotes the nearest double, exactly as ECMAScript's JSON.parse reads it.
    double d = node.isBigDecimal() ? node.decimalValue().doubleValue() : node.doubleValue();
    return Es6Number.format(d);
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
              throw new CanonicalJsonException("string contains a lone high surrogate");
            }
            out.append(c).append(s.charAt(++i));
          } else if (Character.isLowSurrogate(c)) {
            throw new CanonicalJsonException("string contains a lone low surrogate");
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
