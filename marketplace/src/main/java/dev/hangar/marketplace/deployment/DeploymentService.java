package dev.hangar.marketplace.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.context.InvalidSeedException;
import dev.hangar.context.UnknownComponentException;
import dev.hangar.deployer.DeploymentHandle;
import dev.hangar.deployer.GuestAddress;
import dev.hangar.marketplace.account.AccountRepositories;
import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.appliance.Access;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.appliance.VersionRepository;
import dev.hangar.marketplace.appliance.VersionStatus;
import dev.hangar.marketplace.audit.AuditLog;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.deployment.DeploymentApi.CreateDeployment;
import dev.hangar.marketplace.deployment.DeploymentApi.DeploymentDto;
import dev.hangar.marketplace.jobs.JobQueue;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.trust.DeployGuard;
import dev.hangar.marketplace.trust.TrustService;
import dev.hangar.store.trust.PolicyDecision;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Accepts, lists and destroys deployments for API callers; each accepted deploy or destroy is a job
 * in the queue, enqueued in the same transaction, and the VM work is done by the runner.
 */
@ApplicationScoped
public class DeploymentService {
  private static final Logger LOG = Logger.getLogger(DeploymentService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DeploymentRepository deployments;
  private final VersionRepository versions;
  private final AccountRepositories.Users users;
  private final AuditLog audit;
  private final HangarConfig config;
  private final Event<DeploymentEvents.Requested> requested;
  private final Event<DeploymentEvents.DestroyRequested> destroyRequested;
  private final Event<DeploymentEvents.LifecycleRequested> lifecycleRequested;
  private final TrustService trust;
  private final ContextParameters contextParameters;
  private final GuestEndpoints guests;
  private final Event<DeploymentEvents.GuestReported> guestReported;
  private final ObjectMapper json;
  private final JobQueue jobs;
  private final DeploymentRecords records;
  private final Placements placements;
  private final DeployGuard guard;

  public DeploymentService(
      DeploymentRepository deployments,
      VersionRepository versions,
      AccountRepositories.Users users,
      AuditLog audit,
      HangarConfig config,
      Event<DeploymentEvents.Requested> requested,
      Event<DeploymentEvents.DestroyRequested> destroyRequested,
      Event<DeploymentEvents.LifecycleRequested> lifecycleRequested,
      TrustService trust,
      ContextParameters contextParameters,
      GuestEndpoints guests,
      Event<DeploymentEvents.GuestReported> guestReported,
      ObjectMapper json,
      JobQueue jobs,
      DeploymentRecords records,
      Placements placements,
      DeployGuard guard) {
    this.deployments = deployments;
    this.versions = versions;
    this.users = users;
    this.audit = audit;
    this.config = config;
    this.requested = requested;
    this.destroyRequested = destroyRequested;
    this.lifecycleRequested = lifecycleRequested;
    this.trust = trust;
    this.contextParameters = contextParameters;
    this.guests = guests;
    this.guestReported = guestReported;
    this.json = json;
    this.jobs = jobs;
    this.records = records;
    this.placements = placements;
    this.guard = guard;
  }

  /**
   * Records a PENDING deployment of a published version; the VM is brought up after commit. With
   * {@code dryRun}, everything is checked (permissions, version, trust, parameters) but nothing is
   * recorded or started. A version the site trust policy refuses is a 409 naming the violations.
   */
  @Transactional
  public DeploymentDto create(Caller caller, CreateDeployment request, boolean dryRun) {
    ApplianceVersion version = resolveVersion(caller, request);
    String freshnessNote =
        guard.checkRequest(
            version,
            config.deployer().nodeUri(),
            DeploymentWork.VersionFiles.of(version).bootFiles());
    PolicyDecision decision = trust.require(version, "deploy");
    String instanceId = "i-" + HexFormat.of().formatHex(RANDOM.generateSeed(8));
    String hostname = request.hostname() != null ? request.hostname() : version.appliance.name;
    Map<String, String> given = request.parameters() == null ? Map.of() : request.parameters();
    ContextParameters.Values parameters = contextParameters.validate(version, given);
    List<String> keys =
        request.sshAuthorizedKeys() == null ? List.of() : request.sshAuthorizedKeys();
    try {
      // Builds the seed request the VM will get, components applied, so a bad or missing value
      // is a 400 now, not a FAILED VM later.
      DeploymentWork.seedRequest(
          instanceId,
          hostname,
          parameters.values(),
          parameters.secret(),
          keys,
          version.componentNames(),
          request.userData());
    } catch (InvalidSeedException e) {
      throw ApiException.badField(e.field(), e.getMessage().substring(e.field().length() + 1));
    } catch (UnknownComponentException e) {
      throw ApiException.conflict(
          "version " + version.version + " cannot be deployed here: " + e.getMessage());
    }
    Deployment d = new Deployment();
    d.id = UUID.randomUUID();
    d.version = version;
    d.instanceId = instanceId;
    d.hostname = hostname;
    contextParameters.store(d, parameters.values(), parameters.secret());
    d.sshAuthorizedKeys = keys.isEmpty() ? null : String.join("\n", keys);
    d.userData =
        request.userData() == null || request.userData().isBlank() ? null : request.userData();
    d.state = DeploymentState.PENDING;
    d.domainName = "hangar-" + instanceId;
    d.message = "waiting to be scheduled";
    Map<String, String> labels = request.labels() == null ? Map.of() : request.labels();
    if (request.node() != null && !placements.nodeExists(request.node())) {
      throw ApiException.badField("node", "there is no node named " + request.node());
    }
    d.requestedNode = request.node();
    d.requestedLabels = labels.isEmpty() ? null : toJson(labels);
    d.createdAt = d.updatedAt = OffsetDateTime.now();
    d.owner = caller.userId().map(users::findById).orElse(null);
    if (dryRun) {
      d.nodeName =
          placements
              .decide(DeploymentWork.VersionFiles.of(version), request.node(), labels)
              .orElse(null);
      d.message =
          "dry run: would deploy "
              + name(version)
              + (d.nodeName == null ? " (no node has room now)" : " on node " + d.nodeName);
      return DeploymentDto.of(d);
    }
    deployments.persist(d);
    String note = join(TrustService.auditNote(decision), freshnessNote);
    audit.record(
        caller,
        "deploy",
        "deployment",
        d.id.toString(),
        name(version) + " as " + d.domainName + (note == null ? "" : "; " + note));
    jobs.enqueue(d.id, DeploymentJobs.DEPLOY);
    requested.fire(new DeploymentEvents.Requested(d.id));
    return DeploymentDto.of(d);
  }

  private static String join(String a, String b) {
    return a == null ? b : b == null ? a : a + "; " + b;
  }

  private ApplianceVersion resolveVersion(Caller caller, CreateDeployment request) {
    if (request.version() != null) {
      ApplianceVersion v =
          versions
              .find(request.applianceId(), request.version())
              .filter(candidate -> Access.canSee(caller, candidate))
              .orElseThrow(
                  () ->
                      ApiException.badField(
                          "version",
                          "appliance "
                              + request.applianceId()
                              + " has no version "
                              + request.version()));
      if (v.status != VersionStatus.PUBLISHED && v.status != VersionStatus.DEPRECATED) {
        throw ApiException.badField(
            "version", "version " + v.version + " is " + v.status + " and cannot be deployed");
      }
      return v;
    }
    return versions.listFor(request.applianceId()).stream()
        .filter(v -> v.status == VersionStatus.PUBLISHED && Access.canSee(caller, v))
        .max(Comparator.comparing(v -> v.publishedAt))
        .orElseThrow(
            () ->
                ApiException.badField(
                    "applianceId",
                    "appliance " + request.applianceId() + " has no published version"));
  }

  /** The caller's deployments; operators and administrators see every deployment. */
  @Transactional
  public List<DeploymentDto> list(Caller caller) {
    List<Deployment> all =
        seesAll(caller)
            ? deployments.listNewestFirst()
            : caller.userId().map(owner -> deployments.listOwnedBy(owner)).orElse(List.of());
    return all.stream().map(DeploymentDto::of).toList();
  }

  @Transactional
  public Optional<DeploymentDto> get(Caller caller, UUID id) {
    return deployments
        .findByIdOptional(id)
        .filter(d -> mayManage(caller, d))
        .map(DeploymentDto::of);
  }

  /**
   * The last {@code lines} lines of the deployment's serial console, or empty when the caller may
   * not see the deployment. A deployment whose VM never started has an empty console.
   */
  public Optional<String> consoleTail(Caller caller, UUID id, int lines) {
    Optional<String> log =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    deployments
                        .findByIdOptional(id)
                        .filter(d -> mayManage(caller, d))
                        .map(d -> d.consoleLog == null ? "" : d.consoleLog));
    return log.map(path -> path.isEmpty() ? "" : ConsoleTail.read(Path.of(path), lines));
  }

  private static boolean seesAll(Caller caller) {
    return caller.isAdmin() || caller.has(Role.OPERATOR_NAME);
  }

  private static boolean mayManage(Caller caller, Deployment d) {
    return seesAll(caller)
        || (d.owner != null && caller.userId().filter(d.owner.id::equals).isPresent());
  }

  private static String name(ApplianceVersion v) {
    return v.appliance.publisher.name + "/" + v.appliance.name + "@" + v.version;
  }

  /**
   * Marks the deployment DESTROYING and hands it to the runner; destroying one already being
   * destroyed or destroyed is a no-op (the call is idempotent).
   */
  @Transactional
  public DeploymentDto destroy(Caller caller, UUID id) {
    Deployment d =
        deployments
            .findByIdOptional(id)
            .filter(candidate -> mayManage(caller, candidate))
            .orElseThrow(() -> ApiException.notFound("deployment " + id));
    if (d.state != DeploymentState.DESTROYING && d.state != DeploymentState.DESTROYED) {
      audit.record(caller, "destroy", "deployment", d.id.toString(), d.domainName);
      guests.revoke(d.id);
      d.state = DeploymentState.DESTROYING;
      d.message = "destroy requested";
      d.updatedAt = OffsetDateTime.now();
      jobs.enqueue(d.id, DeploymentJobs.DESTROY);
      destroyRequested.fire(new DeploymentEvents.DestroyRequested(d.id));
    }
    return DeploymentDto.of(d);
  }

  /**
   * Starts {@code action} on the deployment: records it (audit log, state {@link
   * PowerAction#inProgress()}) and hands it to the lifecycle runner after commit.
   *
   * @throws ApiException 404 if the caller may not manage the deployment, 409 if its state is not
   *     the one the action needs
   */
  @Transactional
  public DeploymentDto requestPower(Caller caller, UUID id, PowerAction action) {
    Deployment d =
        deployments
            .findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
            .filter(candidate -> mayManage(caller, candidate))
            .orElseThrow(() -> ApiException.notFound("deployment " + id));
    if (d.state != action.requires()) {
      throw ApiException.conflict(
          "deployment "
              + id
              + " is "
              + d.state
              + "; "
              + action.name().toLowerCase(Locale.ROOT)
              + " needs state "
              + action.requires());
    }
    String verb = action.name().toLowerCase(Locale.ROOT);
    audit.record(caller, verb, "deployment", d.id.toString(), d.domainName);
    d.state = action.inProgress();
    d.message = verb + " requested";
    d.updatedAt = OffsetDateTime.now();
    lifecycleRequested.fire(new DeploymentEvents.LifecycleRequested(d.id, d.state));
    return DeploymentDto.of(d);
  }

  /** Deployments a previous run left STOPPING, STARTING or REBOOTING. */
  public List<DeploymentWork> inPowerAction() {
    return records.inState(
        DeploymentState.STOPPING, DeploymentState.STARTING, DeploymentState.REBOOTING);
  }

  /** Same as {@link DeploymentRecords#advance}, for the lifecycle runner. */
  public boolean advance(UUID id, DeploymentState next, String message) {
    return records.advance(id, next, message);
  }

  /** Same as {@link DeploymentRecords#work}, for the lifecycle runner. */
  public DeploymentWork work(UUID id) {
    return records.work(id);
  }

  /** Same as {@link DeploymentRecords#handle}, for the lifecycle runner. */
  public Optional<DeploymentHandle> handle(UUID id) {
    return records.handle(id);
  }

  /**
   * Records the outcome a guest reported through the context broker, in the caller's transaction: a
   * deployment whose guest is coming up (BOOTING, or STARTING and REBOOTING after a power action)
   * becomes READY or FAILED and the runner stops waiting for its console.
   *
   * @return false, changing nothing, when no guest of the deployment is coming up (a repeated
   *     report of the state it is in counts as done)
   */
  private static final java.util.Set<DeploymentState> COMING_UP =
      java.util.EnumSet.of(
          DeploymentState.BOOTING, DeploymentState.STARTING, DeploymentState.REBOOTING);

  @Transactional(Transactional.TxType.MANDATORY)
  public boolean settleFromGuest(UUID id, DeploymentState outcome, String message) {
    if (outcome != DeploymentState.READY && outcome != DeploymentState.FAILED) {
      throw new IllegalArgumentException("a guest reports READY or FAILED, not " + outcome);
    }
    Deployment d = deployments.findById(id);
    if (d.state == outcome) {
      return true;
    }
    if (!COMING_UP.contains(d.state)) {
      return false;
    }
    if (outcome == DeploymentState.READY && d.consoleLog != null) {
      // The guest printed its HANGAR-NET lines before reporting; store them with READY, so whoever
      // sees READY also sees where to reach the VM.
      try {
        d.addresses =
            GuestAddress.readConsoleLog(Path.of(d.consoleLog)).stream()
                .map(GuestAddress::cidr)
                .collect(java.util.stream.Collectors.joining(","));
      } catch (java.io.UncheckedIOException e) {
        LOG.warnf("addresses of deployment %s unknown: %s", id, e.getMessage());
      }
    }
    d.state = outcome;
    d.message = truncate(message);
    d.updatedAt = OffsetDateTime.now();
    guestReported.fire(new DeploymentEvents.GuestReported(id));
    return true;
  }

  private static String truncate(String message) {
    return message == null || message.length() <= 4000
        ? message
        : message.substring(0, 3997) + "...";
  }

  private String toJson(Map<String, String> parameters) {
    try {
      return json.writeValueAsString(parameters);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise parameters", e);
    }
  }
}
