package dev.hangar.store.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.store.Digest;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Hangar's build-provenance predicate: which recipe, inputs and tools produced an appliance.
 *
 * @param builder identity of the build system, e.g. {@code https://ci.acme.example/hangar}
 * @param recipe SHA-256 of the build recipe
 * @param inputs input name (e.g. a base image or package set) to its SHA-256
 * @param tools tool name to version string
 */
public record Provenance(
    String builder, Digest recipe, Map<String, Digest> inputs, Map<String, String> tools) {

  /** Predicate type URI of this predicate. */
  public static final String PREDICATE_TYPE = "https://hangar.dev/provenance/v1";

  /** Validates and copies (sorted) the inputs. */
  public Provenance {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(recipe, "recipe");
    inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
    tools = Collections.unmodifiableMap(new TreeMap<>(tools));
  }

  /** Returns the predicate JSON object. */
  public ObjectNode toJson() {
    ObjectNode root = Json.object();
    root.put("builder", builder);
    root.put("recipe", recipe.toString());
    ObjectNode in = root.putObject("inputs");
    inputs.forEach((k, v) -> in.put(k, v.toString()));
    ObjectNode t = root.putObject("tools");
    tools.forEach(t::put);
    return root;
  }

  /** Reads the predicate JSON object. */
  public static Provenance fromJson(JsonNode node) throws MalformedMetadataException {
    Map<String, Digest> in = new TreeMap<>();
    JsonNode inputs = Json.field(node, "inputs");
    for (Iterator<String> it = inputs.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      in.put(k, Json.digest(inputs, k));
    }
    Map<String, String> t = new TreeMap<>();
    JsonNode tools = Json.field(node, "tools");
    for (Iterator<String> it = tools.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      t.put(k, Json.text(tools, k));
    }
    return new Provenance(Json.text(node, "builder"), Json.digest(node, "recipe"), in, t);
  }
}
