package dev.hangar.marketplace.context;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON documents of the deployment-group API. */
public final class GroupApi {
  private GroupApi() {}

  /**
   * Request body that deploys several VMs whose roles exchange data through the context broker.
   *
   * @param name a label for the group
   * @param roles the roles, each deployed {@code count} times
   */
  public record CreateGroup(
      @NotNull
          @Pattern(
              regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}",
              message = "must be 1-64 letters, digits, spaces, '.', '_' or '-'")
          String name,
      @NotEmpty List<@Valid @NotNull RoleRequest> roles) {}

  /**
   * One role of a new group.
   *
   * @param name role name; its VMs are named after it ({@code head}, or {@code worker-1} ...)
   * @param applianceId the appliance its VMs run
   * @param version a published version; the latest published one when absent
   * @param count how many VMs play the role (default 1)
   * @param requires roles whose provided data these VMs need
   * @param parameters context parameter values of these VMs
   */
  public record RoleRequest(
      String name,
      @NotNull UUID applianceId,
      String version,
      Integer count,
      List<String> requires,
      Map<String, String> parameters) {}

  /** A group as the API shows it. */
  public record GroupDto(
      UUID id,
      String name,
      List<RoleDto> roles,
      List<MemberDto> members,
      OffsetDateTime createdAt) {}

  /** A role of a group. */
  public record RoleDto(String name, int count, List<String> requires) {}

  /**
   * One VM of a group.
   *
   * @param deployment its deployment id ({@code GET /api/v1/deployments/{id}})
   * @param state its deployment state
   * @param provided what it provided through the broker (empty until it has)
   * @param reported READY or FAILED once it reported through the broker
   * @param reason the reason it gave with FAILED
   */
  public record MemberDto(
      UUID deployment,
      String role,
      String hostname,
      String state,
      Map<String, String> provided,
      String reported,
      String reason) {}
}
