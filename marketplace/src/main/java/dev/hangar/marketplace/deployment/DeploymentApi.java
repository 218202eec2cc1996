package dev.hangar.marketplace.deployment;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON documents of the deployment API. */
public final class DeploymentApi {
  private DeploymentApi() {}

  /**
   * Request body that deploys an appliance.
   *
   * @param applianceId the appliance to deploy
   * @param version a published version; the latest published one when absent
   * @param hostname the VM's host name; derived from the appliance name when absent
   * @param parameters context parameter values
   * @param node the pool node to deploy on; the scheduler chooses when absent
   * @param labels labels the chosen node must carry
   * @param sshAuthorizedKeys OpenSSH public keys for the image's default user
   * @param userData the caller's own user-data, a {@code #cloud-config} document or a {@code #!}
   *     script (at most 65,535 bytes), added after the appliance's components; write-only
   */
  public record CreateDeployment(
      @NotNull UUID applianceId,
      String version,
      @Pattern(
              regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
              message = "must be a lower-case RFC 1123 host name label")
          String hostname,
      Map<String, String> parameters,
      String node,
      Map<String, String> labels,
      List<String> sshAuthorizedKeys,
      String userData) {}

  /**
   * A deployment as the API shows it.
   *
   * @param node name of the pool node it was placed on (the last one tried, while retrying)
   * @param attempts nodes tried so far
   * @param addresses the IPv4 addresses (CIDR, e.g. {@code 10.0.2.15/24}) its guest reported on the
   *     console, empty until it is READY
   */
  public record DeploymentDto(
      UUID id,
      UUID applianceId,
      String appliance,
      String version,
      String instanceId,
      String hostname,
      DeploymentState state,
      String node,
      int attempts,
      String domain,
      String message,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      List<String> addresses) {
    static DeploymentDto of(Deployment d) {
      return new DeploymentDto(
          d.id,
          d.version.appliance.id,
          d.version.appliance.name,
          d.version.version,
          d.instanceId,
          d.hostname,
          d.state,
          d.nodeName,
          d.attempts,
          d.domainName,
          d.message,
          d.createdAt,
          d.updatedAt,
          d.addresses == null || d.addresses.isEmpty()
              ? List.of()
              : List.of(d.addresses.split(",")));
    }
  }
}
