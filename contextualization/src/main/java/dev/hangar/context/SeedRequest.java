package dev.hangar.context;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What one VM must learn at boot: its identity, the appliance's context parameters, the authorized
 * SSH keys and optionally further cloud-config and its network configuration.
 *
 * <p>{@link #toString()} shows secret parameters as {@code ***}; their values only appear in the
 * generated seed.
 *
 * @param instanceId unique id of the instance, e.g. {@code i-0123abcd}; letters, digits, '-' and
 *     '.'
 * @param hostname RFC 1123 host name label(s)
 * @param parameters context parameter values keyed by name, written to {@code
 *     /etc/hangar/parameters} in the guest
 * @param sshAuthorizedKeys public keys for the default user, may be empty
 * @param secretParameters names of {@code parameters} whose values are secret
 * @param cloudConfig further cloud-config, e.g. from components
 * @param network the network-config to write, or empty to let the image use its defaults
 */
public record SeedRequest(
    String instanceId,
    String hostname,
    Map<String, String> parameters,
    List<String> sshAuthorizedKeys,
    Set<String> secretParameters,
    CloudConfig cloudConfig,
    Optional<NetworkSpec> network) {

  private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,62}");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  /** Validates every field; a bad value raises {@link InvalidSeedException} naming the field. */
  public SeedRequest {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(hostname, "hostname");
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys == null ? List.of() : sshAuthorizedKeys);
    secretParameters = Set.copyOf(secretParameters == null ? Set.of() : secretParameters);
    cloudConfig = cloudConfig == null ? CloudConfig.empty() : cloudConfig;
    network = network == null ? Optional.empty() : network;
    if (!INSTANCE_ID.matcher(instanceId).matches()) {
      throw new InvalidSeedException("instanceId", "must be 1-63 letters, digits, '-' or '.'");
    }
    Fields.hostname("hostname", hostname);
    for (var entry : parameters.entrySet()) {
      if (!PARAMETER_NAME.matcher(entry.getKey()).matches()) {
        throw new InvalidSeedException(
            "parameters." + entry.getKey(),
            "names are letters, digits and '_', not starting with a digit");
      }
      Fields.singleLine("parameters." + entry.getKey(), entry.getValue());
    }
    for (String name : secretParameters) {
      if (!parameters.containsKey(name)) {
        throw new InvalidSeedException("secretParameters." + name, "names no parameter");
      }
    }
    for (int i = 0; i < sshAuthorizedKeys.size(); i++) {
      Fields.sshKey("sshAuthorizedKeys[" + i + "]", sshAuthorizedKeys.get(i));
    }
    String host = hostname;
    cloudConfig
        .fqdn()
        .ifPresent(
            fqdn -> {
              if (!fqdn.startsWith(host + ".")) {
                throw new InvalidSeedException("fqdn", "must start with the host name " + host);
              }
            });
  }

  /** A request with no secret parameters, no further cloud-config and the image's network. */
  public SeedRequest(
      String instanceId,
      String hostname,
      Map<String, String> parameters,
      List<String> sshAuthorizedKeys) {
    this(
        instanceId,
        hostname,
        parameters,
        sshAuthorizedKeys,
        Set.of(),
        CloudConfig.empty(),
        Optional.empty());
  }

  /** A request for {@code instanceId} named {@code hostname} with nothing else set yet. */
  public static SeedRequest of(String instanceId, String hostname) {
    return new SeedRequest(instanceId, hostname, Map.of(), List.of());
  }

  /** This request with {@code value} added as a secret parameter. */
  public SeedRequest withSecretParameter(String name, Secret value) {
    Map<String, String> more = new TreeMap<>(parameters);
    more.put(name, value.value());
    Set<String> secret = new HashSet<>(secretParameters);
    secret.add(name);
    return new SeedRequest(
        instanceId, hostname, more, sshAuthorizedKeys, secret, cloudConfig, network);
  }

  /** This request with {@code value} added as an ordinary parameter. */
  public SeedRequest withParameter(String name, String value) {
    Map<String, String> more = new TreeMap<>(parameters);
    more.put(name, value);
    return new SeedRequest(
        instanceId, hostname, more, sshAuthorizedKeys, secretParameters, cloudConfig, network);
  }

  public SeedRequest withSshAuthorizedKeys(List<String> keys) {
    return new SeedRequest(
        instanceId, hostname, parameters, keys, secretParameters, cloudConfig, network);
  }

  public SeedRequest withCloudConfig(CloudConfig config) {
    return new SeedRequest(
        instanceId, hostname, parameters, sshAuthorizedKeys, secretParameters, config, network);
  }

  public SeedRequest withNetwork(NetworkSpec spec) {
    return new SeedRequest(
        instanceId,
        hostname,
        parameters,
        sshAuthorizedKeys,
        secretParameters,
        cloudConfig,
        Optional.of(spec));
  }

  /** Whether the named parameter is secret. */
  public boolean isSecret(String parameter) {
    return secretParameters.contains(parameter);
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    parameters.forEach((name, value) -> shown.put(name, isSecret(name) ? "***" : value));
    return "SeedRequest[instanceId="
        + instanceId
        + ", hostname="
        + hostname
        + ", parameters="
        + shown
        + ", sshAuthorizedKeys="
        + sshAuthorizedKeys
        + ", secretParameters="
        + new TreeSet<>(secretParameters)
        + ", cloudConfig="
        + cloudConfig
        + ", network="
        + network
        + "]";
  }
}
