package dev.hangar.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The context-parameter schema of an appliance version: the subset of JSON Schema that describes
 * string-valued parameters. Understood: {@code properties} (each with {@code type} = string,
 * integer, number or boolean; {@code enum}, {@code pattern}, {@code minLength}, {@code maxLength},
 * {@code minimum}, {@code maximum}, {@code default}), {@code required} and {@code
 * additionalProperties: false}. A {@code default} is used for a parameter the deployer leaves out
 * ({@link #withDefaults}) and must itself satisfy the property. A property with {@code "secret":
 * true} or {@code "format": "password"} is <em>secret</em>: validated like the others, but its
 * value is stored encrypted and only ever written into the seed. Other keywords are ignored, as
 * JSON Schema does with unknown ones; an empty schema accepts anything.
 */
public final class ParameterSchema {
  private final Map<String, Property> properties;
  private final Set<String> required;
  private final boolean additionalAllowed;

  private ParameterSchema(
      Map<String, Property> properties, Set<String> required, boolean additionalAllowed) {
    this.properties = properties;
    this.required = required;
    this.additionalAllowed = additionalAllowed;
  }

  /**
   * Reads a schema document.
   *
   * @throws IllegalArgumentException if a keyword this class understands has an unusable value
   */
  public static ParameterSchema parse(JsonNode schema) {
    if (schema == null || schema.isNull() || schema.isEmpty()) {
      return new ParameterSchema(Map.of(), Set.of(), true);
    }
    Map<String, Property> properties = new LinkedHashMap<>();
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            e -> properties.put(e.getKey(), Property.parse(e.getKey(), e.getValue())));
    Set<String> required = new TreeSet<>();
    schema.path("required").forEach(name -> required.add(name.asText()));
    properties.forEach(
        (name, p) -> {
          if (p.defaultValue != null && p.check(p.defaultValue) != null) {
            throw new IllegalArgumentException(
                "contextSchema.properties." + name + ".default " + p.check(p.defaultValue));
          }
        });
    boolean additional = schema.path("additionalProperties").asBoolean(true);
    return new ParameterSchema(Map.copyOf(properties), Set.copyOf(required), additional);
  }

  /** Names of the secret parameters. */
  public Set<String> secretNames() {
    Set<String> names = new TreeSet<>();
    properties.forEach(
        (name, p) -> {
          if (p.secret) {
            names.add(name);
          }
        });
    return names;
  }

  /**
   * Returns {@code values} with the schema's default added for every property that has one and is
   * not among them; given values are kept as they are.
   */
  public Map<String, String> withDefaults(Map<String, String> values) {
    Map<String, String> all = new java.util.TreeMap<>(values);
    properties.forEach(
        (name, p) -> {
          if (p.defaultValue != null) {
            all.putIfAbsent(name, p.defaultValue);
          }
        });
    return all;
  }

  /**
   * Every problem with {@code values}, one per parameter, field names as {@code parameters.NAME};
   * empty when they are valid. Messages never repeat the value, which may be secret.
   */
  public List<Violation> validate(Map<String, String> values) {
    List<Violation> problems = new ArrayList<>();
    for (String name : required) {
      if (!values.containsKey(name)) {
        problems.add(new Violation("parameters." + name, "is required"));
      }
    }
    for (var entry : new java.util.TreeMap<>(values).entrySet()) {
      Property p = properties.get(entry.getKey());
      if (p == null) {
        if (!additionalAllowed) {
          problems.add(
              new Violation(
                  "parameters." + entry.getKey(), "is not a parameter of this appliance"));
        }
        continue;
      }
      String problem = p.check(entry.getValue());
      if (problem != null) {
        problems.add(new Violation("parameters." + entry.getKey(), problem));
      }
    }
    return problems;
  }

  /** One invalid parameter: {@code field} is {@code parameters.NAME}. */
  public record Violation(String field, String message) {}

  private record Property(
      String type,
      boolean secret,
      List<String> allowed,
      Pattern pattern,
      Integer minLength,
      Integer maxLength,
      BigDecimal minimum,
      BigDecimal maximum,
      String defaultValue) {

    static Property parse(String name, JsonNode node) {
      String type = node.path("type").asText("string");
      if (!Set.of("string", "integer", "number", "boolean").contains(type)) {
        throw new IllegalArgumentException(
            "contextSchema.properties."
                + name
                + ".type must be string, integer, number or boolean");
      }
      boolean secret =
          node.path("secret").asBoolean(false) || "password".equals(node.path("format").asText());
      List<String> allowed = null;
      if (node.has("enum")) {
        allowed = new ArrayList<>();
        for (JsonNode v : node.get("enum")) {
          allowed.add(v.asText());
        }
      }
      Pattern pattern = null;
      if (node.hasNonNull("pattern")) {
        try {
          pattern = Pattern.compile(node.get("pattern").asText());
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(
              "contextSchema.properties." + name + ".pattern is not a regular expression");
        }
      }
      return new Property(
          type,
          secret,
          allowed,
          pattern,
          node.hasNonNull("minLength") ? node.get("minLength").asInt() : null,
          node.hasNonNull("maxLength") ? node.get("maxLength").asInt() : null,
          node.hasNonNull("minimum") ? node.get("minimum").decimalValue() : null,
          node.hasNonNull("maximum") ? node.get("maximum").decimalValue() : null,
          defaultValue(name, node.get("default")));
    }

    /** A default as the string a deployer would give; JSON strings, numbers and booleans. */
    private static String defaultValue(String name, JsonNode node) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isValueNode()) {
        throw new IllegalArgumentException(
            "contextSchema.properties." + name + ".default must be a string, number or boolean");
      }
      return node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText();
    }

    /** The problem with {@code value}, or null; never quotes the value. */
    String check(String value) {
      if (value == null) {
        return "must have a value";
      }
      switch (type) {
        case "boolean" -> {
          if (!value.equals("true") && !value.equals("false")) {
            return "must be true or false";
          }
        }
        case "integer", "number" -> {
          BigDecimal number;
          try {
            number = new BigDecimal(value);
          } catch (NumberFormatException e) {
            return "must be a" + (type.equals("integer") ? "n integer" : " number");
          }
          if (type.equals("integer") && number.stripTrailingZeros().scale() > 0) {
            return "must be an integer";
          }
          if (minimum != null && number.compareTo(minimum) < 0) {
            return "must be at least " + minimum.toPlainString();
          }
          if (maximum != null && number.compareTo(maximum) > 0) {
            return "must be at most " + maximum.toPlainString();
          }
        }
        default -> {}
      }
      if (minLength != null && value.codePointCount(0, value.length()) < minLength) {
        return "must be at least " + minLength + " characters long";
      }
      if (maxLength != null && value.codePointCount(0, value.length()) > maxLength) {
        return "must be at most " + maxLength + " characters long";
      }
      if (pattern != null && !pattern.matcher(value).find()) {
        return "does not match the pattern " + pattern.pattern();
      }
      if (allowed != null && !allowed.contains(value)) {
        return secret ? "is not one of the allowed values" : "must be one of " + allowed;
      }
      return null;
    }
  }
}
