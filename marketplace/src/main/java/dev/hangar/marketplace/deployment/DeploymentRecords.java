package dev.hangar.marketplace.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.deployer.DeploymentHandle;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The runner's view of deployment rows: states, placements and attempt steps, each change in a
 * transaction of its own so it is durable before the work it announces begins.
 */
@ApplicationScoped
public class DeploymentRecords {
  private final DeploymentRepository deployments;
  private final ObjectMapper json;
  private final ContextParameters contextParameters;

  public DeploymentRecords(
      DeploymentRepository deployments, ObjectMapper json, ContextParameters contextParameters) {
    this.deployments = deployments;
    this.json = json;
    this.contextParameters = contextParameters;
  }

  /**
   * Moves a deployment to {@code next}, unless it is being destroyed (a destroy request wins over
   * progress reports).
   *
   * @return false when the deployment is DESTROYING or DESTROYED and was left as it is
   */
  public boolean advance(UUID id, DeploymentState next, String message) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Deployment d = deployments.findById(id);
              boolean destroying =
                  d.state == DeploymentState.DESTROYING || d.state == DeploymentState.DESTROYED;
              if (destroying && next != DeploymentState.DESTROYED) {
                return false;
              }
              d.state = next;
              d.message = truncate(message);
              d.updatedAt = OffsetDateTime.now();
              return true;
            });
  }

  /** Deployments in a state that needs a job: PENDING, STAGING, BOOTING or DESTROYING. */
  public List<DeploymentWork> unfinished() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                deployments
                    .list(
                        "state in ?1",
                        List.of(
                            DeploymentState.PENDING,
                            DeploymentState.STAGING,
                            DeploymentState.BOOTING,
                            DeploymentState.DESTROYING))
                    .stream()
                    .map(this::work)
                    .toList());
  }

  /** Deployments in one of {@code states}. */
  public List<DeploymentWork> inState(DeploymentState... states) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                deployments.list("state in ?1", List.of(states)).stream().map(this::work).toList());
  }

  /** Everything the runner needs to work on the deployment, read in one transaction. */
  public DeploymentWork work(UUID id) {
    return QuarkusTransaction.requiringNew().call(() -> work(deployments.findById(id)));
  }

  private DeploymentWork work(Deployment d) {
    ContextParameters.Values parameters = contextParameters.open(d);
    Set<String> tried =
        d.triedNodes == null || d.triedNodes.isEmpty()
            ? Set.of()
            : new LinkedHashSet<>(Arrays.asList(d.triedNodes.split(",")));
    return new DeploymentWork(
        d.id,
        d.state,
        d.instanceId,
        d.hostname,
        d.domainName,
        d.nodeName,
        d.nodeUri,
        d.claimId,
        d.step,
        tried,
        d.attempts,
        d.requestedNode,
        d.requestedLabels == null ? Map.of() : fromJson(d.requestedLabels),
        parameters.values(),
        parameters.secret(),
        d.sshAuthorizedKeys(),
        d.userData,
        DeploymentWork.VersionFiles.of(d.version));
  }

  /**
   * Records that an attempt holds {@code claimId} on node {@code nodeName}: the step becomes
   * CLAIMED and the node joins the tried ones. Done before anything is created on the node, so a
   * crash from here on leaves a row that names what to clean up.
   */
  public void recordClaim(UUID id, String nodeName, String nodeUri, UUID claimId) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Deployment d = deployments.findById(id);
              d.nodeName = nodeName;
              d.nodeUri = nodeUri;
              d.claimId = claimId;
              d.step = DeploymentWork.CLAIMED;
              d.attempts++;
              d.triedNodes = d.triedNodes == null ? nodeName : d.triedNodes + "," + nodeName;
              d.updatedAt = OffsetDateTime.now();
            });
  }

  /** Records how far the current attempt got. */
  public void recordStep(UUID id, String step) {
    QuarkusTransaction.requiringNew().run(() -> deployments.findById(id).step = step);
  }

  /** Records that the current attempt left nothing behind: no claim, no step. */
  public void clearAttempt(UUID id) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Deployment d = deployments.findById(id);
              d.claimId = null;
              d.step = null;
              d.volumes = null;
              d.consoleLog = null;
            });
  }

  /** Records the addresses (CIDRs) the deployment's guest reported on its console. */
  public void recordAddresses(UUID id, List<String> cidrs) {
    QuarkusTransaction.requiringNew()
        .run(() -> deployments.findById(id).addresses = String.join(",", cidrs));
  }

  /** Remembers what the deployer created on the node; the step becomes STARTED. */
  public void recordHandle(UUID id, DeploymentHandle handle) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Deployment d = deployments.findById(id);
              d.volumes = String.join(",", handle.ownedVolumes());
              d.consoleLog = handle.consoleLog().toString();
              d.step = DeploymentWork.STARTED;
            });
  }

  /** The deployer's handle of a deployment that got as far as a started domain. */
  public Optional<DeploymentHandle> handle(UUID id) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Deployment d = deployments.findById(id);
              if (d.consoleLog == null || d.nodeUri == null) {
                return Optional.empty();
              }
              List<String> volumes =
                  d.volumes == null || d.volumes.isEmpty()
                      ? List.of()
                      : List.of(d.volumes.split(","));
              return Optional.of(
                  new DeploymentHandle(
                      d.nodeUri, d.domainName, d.instanceId, volumes, Path.of(d.consoleLog)));
            });
  }

  private static String truncate(String message) {
    return message == null || message.length() <= 4000
        ? message
        : message.substring(0, 3997) + "...";
  }

  private Map<String, String> fromJson(String value) {
    try {
      return json.readValue(value, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored value is not a JSON object", e);
    }
  }
}
