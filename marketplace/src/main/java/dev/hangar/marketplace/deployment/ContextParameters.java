package dev.hangar.marketplace.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.context.ParameterSchema;
import dev.hangar.context.SecretCipher;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A deployment's context parameters: checked against the version's schema, stored with the secret
 * ones sealed ({@link SecretCipher}, bound to the deployment id) and opened again for the seed.
 */
@ApplicationScoped
public class ContextParameters {
  private final ObjectMapper json;
  private final SecretCipher secrets;

  public ContextParameters(ObjectMapper json, SecretCipher secrets) {
    this.json = json;
    this.secrets = secrets;
  }

  /** Parameter values with the names of the secret ones among them. */
  public record Values(Map<String, String> values, Set<String> secret) {}

  /**
   * Completes {@code given} with the schema's defaults for what it leaves out and checks the result
   * against the version's context schema, reporting every bad field at once (400); returns the
   * complete values with the names of the secret ones among them. A schema this service cannot use
   * is a 409.
   */
  public Values validate(ApplianceVersion version, Map<String, String> given) {
    ParameterSchema schema;
    try {
      schema = ParameterSchema.parse(json.readTree(version.contextSchema));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw ApiException.conflict(
          "the context schema of this version cannot be used: " + e.getMessage());
    }
    Map<String, String> parameters = schema.withDefaults(given);
    List<Problem.FieldError> errors =
        schema.validate(parameters).stream()
            .map(v -> new Problem.FieldError(v.field(), v.message()))
            .toList();
    if (!errors.isEmpty()) {
      throw new ApiException(
          400,
          "Invalid request",
          errors.stream()
              .map(e -> e.field() + ": " + e.message())
              .collect(Collectors.joining("; ")),
          errors);
    }
    Set<String> secret = new TreeSet<>(schema.secretNames());
    secret.retainAll(parameters.keySet());
    return new Values(parameters, secret);
  }

  /** Stores {@code parameters} in {@code d}: the plain ones as JSON, the secret ones sealed. */
  void store(Deployment d, Map<String, String> parameters, Set<String> secret) {
    Map<String, String> plain = new TreeMap<>(parameters);
    Map<String, String> sealed = new TreeMap<>();
    secret.forEach(name -> sealed.put(name, plain.remove(name)));
    d.parameters = toJson(plain);
    d.sealedParameters = sealed.isEmpty() ? null : secrets.seal(toJson(sealed), d.id.toString());
  }

  /** Every parameter of {@code d}, the secret ones opened. */
  Values open(Deployment d) {
    Map<String, String> values = new TreeMap<>(fromJson(d.parameters));
    if (d.sealedParameters == null) {
      return new Values(values, Set.of());
    }
    Map<String, String> opened = fromJson(secrets.open(d.sealedParameters, d.id.toString()));
    values.putAll(opened);
    return new Values(values, opened.keySet());
  }

  private String toJson(Map<String, String> parameters) {
    try {
      return json.writeValueAsString(parameters);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise parameters", e);
    }
  }

  private Map<String, String> fromJson(String parameters) {
    try {
      return json.readValue(parameters, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored parameters are not a JSON object", e);
    }
  }
}
