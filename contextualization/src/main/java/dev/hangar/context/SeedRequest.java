package dev.hangar.context;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one VM must learn at boot: its identity, the appliance's context parameters and the
 * authorized SSH keys.
 *
 * @param instanceId unique id of the instance, e.g. {@code i-0123abcd}; letters, digits, '-' and
 *     '.'
 * @param hostname RFC 1123 host name label(s)
 * @param parameters context parameter values keyed by name, written to {@code
 *     /etc/hangar/parameters} in the guest
 * @param sshAuthorizedKeys public keys for the default user, may be empty
 */
public record SeedRequest(
    String instanceId,
    String hostname,
    Map<String, String> parameters,
    List<String> sshAuthorizedKeys) {

  private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,62}");
  private static final Pattern HOSTNAME =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  /** Validates every field; a bad value raises {@link InvalidSeedException} naming the field. */
  public SeedRequest {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(hostname, "hostname");
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys == null ? List.of() : sshAuthorizedKeys);
    if (!INSTANCE_ID.matcher(instanceId).matches()) {
      throw new InvalidSeedException("instanceId", "must be 1-63 letters, digits, '-' or '.'");
    }
    if (!HOSTNAME.matcher(hostname).matches()) {
      throw new InvalidSeedException("hostname", "must be a lower-case RFC 1123 host name");
    }
    for (var entry : parameters.entrySet()) {
      if (!PARAMETER_NAME.matcher(entry.getKey()).matches()) {
        throw new InvalidSeedException(
            "parameters." + entry.getKey(),
            "names are letters, digits and '_', not starting with a digit");
      }
      if (entry.getValue() == null
          || entry.getValue().indexOf('\n') >= 0
          || entry.getValue().indexOf('\0') >= 0) {
        throw new InvalidSeedException(
            "parameters." + entry.getKey(), "must be a single line of text");
      }
    }
    for (int i = 0; i < sshAuthorizedKeys.size(); i++) {
      String key = sshAuthorizedKeys.get(i);
      if (key == null
          || !key.matches(
              "(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( [^\\n]*)?")) {
        throw new InvalidSeedException(
            "sshAuthorizedKeys[" + i + "]", "is not an OpenSSH public key line");
      }
    }
  }
}
