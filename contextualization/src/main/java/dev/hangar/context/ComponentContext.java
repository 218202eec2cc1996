package dev.hangar.context;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link Component} reads while contributing: the VM's request and the component's name,
 * which parameter errors mention. {@link #toString()} hides secrets as {@link SeedRequest} does.
 *
 * @param request the seed request of the VM
 * @param component name of the component reading it
 */
public record ComponentContext(SeedRequest request, String component) {
  public String instanceId() {
    return request.instanceId();
  }

  public String hostname() {
    return request.hostname();
  }

  public List<String> sshAuthorizedKeys() {
    return request.sshAuthorizedKeys();
  }

  public Optional<String> optional(String parameter) {
    return Optional.ofNullable(request.parameters().get(parameter));
  }

  public String optional(String parameter, String fallback) {
    return optional(parameter).orElse(fallback);
  }

  /**
   * Returns a parameter the component cannot work without.
   *
   * @throws InvalidSeedException naming {@code parameters.<name>} if it is absent or empty
   */
  public String require(String parameter) {
    return optional(parameter)
        .filter(value -> !value.isEmpty())
        .orElseThrow(() -> problem(parameter, "is required by component " + component));
  }

  /**
   * Returns a parameter that must be marked secret in the request, so it never shows in logs.
   *
   * @throws InvalidSeedException if it is absent or not marked secret
   */
  public Secret requireSecret(String parameter) {
    String value = require(parameter);
    if (!request.isSecret(parameter)) {
      throw problem(parameter, "must be marked secret for component " + component);
    }
    return new Secret(value);
  }

  /** An error about {@code parameter} for this component. */
  public InvalidSeedException problem(String parameter, String what) {
    return new InvalidSeedException("parameters." + parameter, what);
  }
}
