package dev.hangar.marketplace.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.context.broker.ContextBroker;
import dev.hangar.context.broker.GroupSpec;
import dev.hangar.context.broker.InvalidBrokerDataException;
import dev.hangar.context.broker.KeyValues;
import dev.hangar.context.broker.Member;
import dev.hangar.context.broker.RoleSpec;
import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.deployment.DeploymentApi.DeploymentDto;
import dev.hangar.marketplace.deployment.DeploymentService;
import dev.hangar.marketplace.deployment.DeploymentState;
import dev.hangar.marketplace.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The context broker behind a VM's token: what it provides, the context it gets once every role it
 * requires has provided, and the READY or FAILED it reports.
 */
@ApplicationScoped
public class BrokerService {
  private final NoCloudTokens tokens;
  private final ContextRepositories.Members members;
  private final DeploymentService deployments;
  private final ObjectMapper json;

  public BrokerService(
      NoCloudTokens tokens,
      ContextRepositories.Members members,
      DeploymentService deployments,
      ObjectMapper json) {
    this.tokens = tokens;
    this.members = members;
    this.deployments = deployments;
    this.json = json;
  }

  /** A VM's context: its {@code key=value} lines, or how many VMs it is still waiting for. */
  public record Answer(Optional<String> lines, int waitingFor) {}

  /** Records (replacing earlier) what the token's VM provides; a bad line is a 400 naming it. */
  @Transactional
  public void provide(String token, String body) {
    ContextMember m = member(token);
    Map<String, String> data;
    try {
      data = KeyValues.parse(body);
    } catch (InvalidBrokerDataException e) {
      throw ApiException.badField(e.field(), e.problem());
    }
    m.provided = KeyValues.format(data);
    m.providedAt = OffsetDateTime.now();
  }

  /** The token's VM's context, complete or not yet. */
  @Transactional
  public Answer context(String token) {
    ContextMember self = member(token);
    if (self.group == null) {
      // A VM deployed on its own requires nothing: its context is just itself.
      String hostname =
          deployments
              .get(Caller.system(), self.deploymentId)
              .map(DeploymentDto::hostname)
              .orElseThrow();
      return new Answer(Optional.of(KeyValues.format(Map.of("self.hostname", hostname))), 0);
    }
    GroupSpec group = new GroupSpec(roles(self.group));
    List<Member> all = members.inGroup(self.group.id).stream().map(this::member).toList();
    Member me = member(self);
    Optional<SortedMap<String, String>> context = ContextBroker.contextFor(group, me, all);
    return new Answer(context.map(KeyValues::format), ContextBroker.waitingFor(group, me, all));
  }

  /**
   * Records the token's VM's own READY or FAILED: its deployment, if coming up (BOOTING, STARTING,
   * REBOOTING), takes that state. A VM whose deployment is not coming up (timed out, destroyed)
   * gets a 409.
   */
  @Transactional
  public void report(String token, DeploymentState outcome, String text) {
    ContextMember m = member(token);
    String reason = reason(text);
    String message =
        outcome == DeploymentState.READY
            ? "guest reported ready through the context broker"
            : "guest reported failure: " + (reason == null ? "no reason given" : reason);
    if (!deployments.settleFromGuest(m.deploymentId, outcome, message)) {
      throw ApiException.conflict(
          "the deployment is no longer booting; it cannot become " + outcome);
    }
    m.reported = outcome.name();
    m.reason = outcome == DeploymentState.FAILED ? reason : null;
    m.reportedAt = OffsetDateTime.now();
  }

  /** The roles of {@code group} as stored. */
  List<RoleSpec> roles(ContextGroup group) {
    try {
      return Arrays.asList(json.readValue(group.roles, RoleSpec[].class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored roles of group " + group.id + " are not JSON", e);
    }
  }

  /** What {@code m} provided, parsed. */
  static Map<String, String> provided(ContextMember m) {
    return m.provided == null ? Map.of() : new TreeMap<>(KeyValues.parse(m.provided));
  }

  private Member member(ContextMember m) {
    return new Member(
        m.hostname,
        m.role,
        m.provided == null ? Optional.empty() : Optional.of(KeyValues.parse(m.provided)));
  }

  private ContextMember member(String token) {
    // The same answer for a malformed, unknown or revoked token: nothing about why is revealed.
    return tokens
        .resolve(token)
        .orElseThrow(() -> new ApiException(404, "Not Found", "no NoCloud-net endpoint here"));
  }

  /** A reason as one line of at most 2000 characters, control characters replaced; or null. */
  private static String reason(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String line = text.strip().replaceAll("\\p{Cntrl}", " ");
    return line.length() <= 2000 ? line : line.substring(0, 1997) + "...";
  }
}
