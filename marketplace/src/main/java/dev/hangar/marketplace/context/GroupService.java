package dev.hangar.marketplace.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.context.broker.GroupSpec;
import dev.hangar.context.broker.InvalidBrokerDataException;
import dev.hangar.context.broker.RoleSpec;
import dev.hangar.marketplace.account.AccountRepositories;
import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.audit.AuditLog;
import dev.hangar.marketplace.context.GroupApi.CreateGroup;
import dev.hangar.marketplace.context.GroupApi.GroupDto;
import dev.hangar.marketplace.context.GroupApi.MemberDto;
import dev.hangar.marketplace.context.GroupApi.RoleDto;
import dev.hangar.marketplace.context.GroupApi.RoleRequest;
import dev.hangar.marketplace.deployment.DeploymentApi.CreateDeployment;
import dev.hangar.marketplace.deployment.DeploymentApi.DeploymentDto;
import dev.hangar.marketplace.deployment.DeploymentService;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deployment groups: several deployments made in one transaction, each a member of a role whose
 * data the others can require through the broker. Every member is an ordinary deployment, brought
 * up by the same runner and destroyable on its own.
 */
@ApplicationScoped
public class GroupService {
  private final ContextRepositories.Groups groups;
  private final ContextRepositories.Members members;
  private final DeploymentService deployments;
  private final BrokerService broker;
  private final AccountRepositories.Users users;
  private final AuditLog audit;
  private final ObjectMapper json;

  public GroupService(
      ContextRepositories.Groups groups,
      ContextRepositories.Members members,
      DeploymentService deployments,
      BrokerService broker,
      AccountRepositories.Users users,
      AuditLog audit,
      ObjectMapper json) {
    this.groups = groups;
    this.members = members;
    this.deployments = deployments;
    this.broker = broker;
    this.users = users;
    this.audit = audit;
    this.json = json;
  }

  /**
   * Records the group and one PENDING deployment per VM of each role, named after its role; all or
   * nothing. Errors name the role, e.g. {@code roles[1].parameters.PORT}.
   */
  @Transactional
  public GroupDto create(Caller caller, CreateGroup request) {
    GroupSpec spec = spec(request.roles());
    ContextGroup g = new ContextGroup();
    g.id = UUID.randomUUID();
    g.name = request.name();
    g.owner = caller.userId().map(users::findById).orElse(null);
    g.roles = toJson(spec.roles());
    g.createdAt = OffsetDateTime.now();
    groups.persist(g);
    audit.record(caller, "deploy-group", "group", g.id.toString(), g.name + ": " + g.roles);
    for (int i = 0; i < request.roles().size(); i++) {
      RoleRequest role = request.roles().get(i);
      for (String hostname : spec.roles().get(i).hostnames()) {
        DeploymentDto d = deploy(caller, i, role, hostname);
        ContextMember m = new ContextMember();
        m.deploymentId = d.id();
        m.group = g;
        m.role = role.name();
        m.hostname = hostname;
        members.persist(m);
      }
    }
    return dto(caller, g);
  }

  /** The group, if the caller may see it (its owner, operators and administrators). */
  @Transactional
  public Optional<GroupDto> get(Caller caller, UUID id) {
    return groups.findByIdOptional(id).filter(g -> mayManage(caller, g)).map(g -> dto(caller, g));
  }

  /** Destroys every deployment of the group (idempotent, like destroying one deployment). */
  @Transactional
  public GroupDto destroy(Caller caller, UUID id) {
    ContextGroup g =
        groups
            .findByIdOptional(id)
            .filter(candidate -> mayManage(caller, candidate))
            .orElseThrow(() -> ApiException.notFound("deployment group " + id));
    for (ContextMember m : members.inGroup(g.id)) {
      deployments.destroy(caller, m.deploymentId);
    }
    return dto(caller, g);
  }

  private DeploymentDto deploy(Caller caller, int index, RoleRequest role, String hostname) {
    try {
      return deployments.create(
          caller,
          new CreateDeployment(
              role.applianceId(),
              role.version(),
              hostname,
              role.parameters(),
              null,
              null,
              null,
              null),
          false);
    } catch (ApiException e) {
      // The same error, its fields placed under the role that caused it.
      String prefix = "roles[" + index + "].";
      List<Problem.FieldError> errors =
          e.errors() == null
              ? null
              : e.errors().stream()
                  .map(f -> new Problem.FieldError(prefix + f.field(), f.message()))
                  .toList();
      throw new ApiException(e.status(), e.title(), prefix + e.getMessage(), errors);
    }
  }

  private static GroupSpec spec(List<RoleRequest> roles) {
    List<RoleSpec> specs = new ArrayList<>();
    for (int i = 0; i < roles.size(); i++) {
      RoleRequest r = roles.get(i);
      try {
        specs.add(new RoleSpec(r.name(), r.count() == null ? 1 : r.count(), r.requires()));
      } catch (InvalidBrokerDataException e) {
        throw ApiException.badField("roles[" + i + "]." + e.field(), e.problem());
      }
    }
    try {
      return new GroupSpec(specs);
    } catch (InvalidBrokerDataException e) {
      throw ApiException.badField(e.field(), e.problem());
    }
  }

  private GroupDto dto(Caller caller, ContextGroup g) {
    List<RoleSpec> roles = broker.roles(g);
    List<String> order = roles.stream().map(RoleSpec::name).toList();
    List<MemberDto> shown =
        members.inGroup(g.id).stream()
            .sorted(
                Comparator.comparing((ContextMember m) -> order.indexOf(m.role))
                    .thenComparing(m -> m.hostname))
            .map(
                m ->
                    new MemberDto(
                        m.deploymentId,
                        m.role,
                        m.hostname,
                        deployments
                            .get(caller, m.deploymentId)
                            .map(d -> d.state().name())
                            .orElse(null),
                        BrokerService.provided(m),
                        m.reported,
                        m.reason))
            .toList();
    return new GroupDto(
        g.id,
        g.name,
        roles.stream().map(r -> new RoleDto(r.name(), r.count(), r.requires())).toList(),
        shown,
        g.createdAt);
  }

  private static boolean mayManage(Caller caller, ContextGroup g) {
    return caller.isAdmin()
        || caller.has(Role.OPERATOR_NAME)
        || (g.owner != null && caller.userId().filter(g.owner.id::equals).isPresent());
  }

  private String toJson(List<RoleSpec> roles) {
    try {
      return json.writeValueAsString(roles);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise roles", e);
    }
  }
}
