package dev.hangar.marketplace.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hangar.context.Components;
import dev.hangar.context.ParameterSchema;
import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.ApplianceApi.CreateVersion;
import dev.hangar.marketplace.appliance.ApplianceApi.DiskLayout;
import dev.hangar.marketplace.appliance.ApplianceApi.FileRef;
import dev.hangar.marketplace.appliance.ApplianceApi.PartitionSpec;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionDto;
import dev.hangar.marketplace.audit.AuditLog;
import dev.hangar.marketplace.blob.BlobService;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.problem.Problem;
import dev.hangar.marketplace.progress.ProgressHub;
import dev.hangar.marketplace.trust.CatalogSigner;
import dev.hangar.marketplace.trust.TrustService;
import dev.hangar.store.trust.PolicyDecision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The life of a version: DRAFT → PUBLISHED → DEPRECATED → REVOKED. Publishing is atomic: the
 * version becomes visible only if every file it names is stored with its declared size.
 */
@ApplicationScoped
public class VersionService {
  /** Most partitions a version has: one per virtio disk letter, vda..vdz. */
  public static final int MAX_PARTITIONS = 26;

  private final ApplianceService appliances;
  private final VersionRepository versions;
  private final BlobService blobs;
  private final ApplianceMapper mapper;
  private final AuditLog audit;
  private final TrustService trust;
  private final ProgressHub progress;
  private final CatalogChanges changes;
  private final CatalogSigner catalog;

  public VersionService(
      ApplianceService appliances,
      VersionRepository versions,
      BlobService blobs,
      ApplianceMapper mapper,
      AuditLog audit,
      TrustService trust,
      ProgressHub progress,
      CatalogChanges changes,
      CatalogSigner catalog) {
    this.appliances = appliances;
    this.versions = versions;
    this.blobs = blobs;
    this.mapper = mapper;
    this.audit = audit;
    this.trust = trust;
    this.progress = progress;
    this.changes = changes;
    this.catalog = catalog;
  }

  /** Creates a DRAFT version; its files are uploaded afterwards, then it is published. */
  @Transactional
  public VersionDto create(Caller caller, UUID applianceId, CreateVersion request) {
    Appliance a = appliances.visible(caller, applianceId);
    Access.requireOwner(caller, a);
    if (versions.find(applianceId, request.version()).isPresent()) {
      throw ApiException.conflict(
          "version " + request.version() + " of '" + a.name + "' already exists");
    }
    if (request.contextSchema() != null && !request.contextSchema().isObject()) {
      throw ApiException.badField("contextSchema", "must be a JSON object (a JSON Schema)");
    }
    List<String> components = request.components() == null ? List.of() : request.components();
    checkContext(request.contextSchema(), components);
    ApplianceVersion v = new ApplianceVersion();
    v.id = UUID.randomUUID();
    v.appliance = a;
    v.version = request.version();
    v.channel = request.channel() == null ? "stable" : request.channel();
    v.status = VersionStatus.DRAFT;
    var req = request.requirements();
    v.arch = req.arch() == null ? "x86_64" : req.arch();
    v.vcpus = req.vcpus();
    v.memoryMib = req.memoryMiB();
    if (req.hypervisors() != null && !req.hypervisors().isEmpty()) {
      v.hypervisors = String.join(",", req.hypervisors());
    }
    if (req.bootMode() != null) {
      v.bootMode = req.bootMode();
    }
    v.cmdline = request.boot().cmdline();
    v.kernelDigest = request.boot().kernel().digest();
    v.kernelSize = request.boot().kernel().size();
    v.initrdDigest = request.boot().initrd().digest();
    v.initrdSize = request.boot().initrd().size();
    v.releaseNotes = request.releaseNotes() == null ? "" : request.releaseNotes();
    v.contextSchema = mapper.writeSchema(request.contextSchema());
    v.components = String.join(",", components);
    v.createdAt = OffsetDateTime.now();
    for (int i = 0; i < request.partitions().size(); i++) {
      v.partitions.add(partition(v, i, request.partitions().get(i)));
    }
    versions.persist(v);
    changes.changed();
    audit.record(
        caller, "create", "version", a.publisher.name + "/" + a.name + "@" + v.version, "draft");
    return mapper.toDto(v);
  }

  /**
   * A version's components must all be standard ones, each named once, and its schema's defaults
   * must satisfy their properties: both are fixed once the version is signed, so they are refused
   * now rather than at every deploy.
   */
  private static void checkContext(JsonNode schema, List<String> components) {
    Map<String, String> problems = Components.standard().problems(components);
    if (!problems.isEmpty()) {
      throw ApiException.badFields(
          problems.entrySet().stream()
              .map(e -> new Problem.FieldError(e.getKey(), e.getValue()))
              .toList());
    }
    if (schema == null) {
      return;
    }
    try {
      ParameterSchema.parse(schema);
    } catch (IllegalArgumentException e) {
      // The message starts with the field, e.g. "contextSchema.properties.PORT.default must ..."
      String message = e.getMessage();
      int space = message.indexOf(' ');
      throw space < 0
          ? ApiException.badField("contextSchema", message)
          : ApiException.badField(message.substring(0, space), message.substring(space + 1));
    }
  }

  private static VersionPartition partition(ApplianceVersion v, int position, PartitionSpec spec) {
    String field = "partitions[" + position + "].digest";
    if (spec.kind() == PartitionKind.EMPTY && spec.digest() != null) {
      throw ApiException.badField(field, "an EMPTY partition has no content, so no digest");
    }
    if (spec.kind() != PartitionKind.EMPTY && spec.digest() == null) {
      throw ApiException.badField(field, "is required for " + spec.kind() + " partitions");
    }
    VersionPartition p = new VersionPartition();
    p.id = UUID.randomUUID();
    p.version = v;
    p.position = position;
    p.label = spec.label();
    p.role = spec.role();
    p.kind = spec.kind();
    p.filesystem = spec.filesystem();
    p.sizeBytes = spec.sizeBytes();
    p.digest = spec.digest();
    return p;
  }

  /** Every version of the appliance the caller may see, oldest first. */
  @Transactional
  public List<VersionDto> list(Caller caller, UUID applianceId) {
    Appliance a = appliances.visible(caller, applianceId);
    return appliances.visibleVersions(caller, a).stream().map(mapper::toDto).toList();
  }

  @Transactional
  public Optional<VersionDto> get(Caller caller, UUID applianceId, String version) {
    return versions
        .find(applianceId, version)
        .filter(v -> Access.canSee(caller, v))
        .map(mapper::toDto);
  }

  /**
   * Publishes a draft if every file it names is stored with the declared size and the site trust
   * policy allows it; otherwise 409 lists what is missing or the policy's violations and the draft
   * stays a draft. Violations an AUDIT policy lets through are recorded with the publish entry.
   */
  @Transactional
  public VersionDto publish(Caller caller, UUID applianceId, String version) {
    ApplianceVersion v = owned(caller, applianceId, version);
    requireStatus(v, VersionStatus.DRAFT);
    ProgressHub.Operation op = progress.begin(v.id, "publish");
    try {
      VersionDto published = publish(caller, v, op);
      op.done(VersionStatus.PUBLISHED.name());
      return published;
    } catch (RuntimeException e) {
      op.failed(e instanceof ApiException ? e.getMessage() : "publishing failed");
      throw e;
    }
  }

  private VersionDto publish(Caller caller, ApplianceVersion v, ProgressHub.Operation op) {
    List<String> problems = new ArrayList<>();
    if (v.partitions.isEmpty()) {
      problems.add("the version has no partitions (upload or import one)");
    }
    List<Map.Entry<String, FileRef>> files = new ArrayList<>();
    files.add(Map.entry("kernel", new FileRef(v.kernelDigest, v.kernelSize)));
    files.add(Map.entry("initrd", new FileRef(v.initrdDigest, v.initrdSize)));
    for (VersionPartition p : v.partitions) {
      if (p.kind != PartitionKind.EMPTY) {
        files.add(Map.entry("partition " + p.label, new FileRef(p.digest, p.sizeBytes)));
      }
    }
    long total = files.stream().mapToLong(f -> f.getValue().size()).sum();
    long verified = 0;
    for (int i = 0; i < files.size(); i++) {
      var file = files.get(i);
      if (check(file.getKey(), file.getValue(), problems)) {
        verified += file.getValue().size();
      }
      op.step("verify", verified, total, i + 1, file.getKey());
    }
    if (!problems.isEmpty()) {
      throw ApiException.conflict(
          "cannot publish " + v.version + ": " + String.join("; ", problems));
    }
    PolicyDecision decision = trust.requireAndPin(v);
    v.status = VersionStatus.PUBLISHED;
    v.publishedAt = OffsetDateTime.now();
    changes.changed();
    catalog.reissue();
    audit.record(caller, "publish", "version", name(v), TrustService.auditNote(decision));
    return mapper.toDto(v);
  }

  /**
   * The id of a DRAFT version the caller may change, before an import or upload into it; 404 if the
   * caller cannot see it, 403 if it may not change it, 409 if it is no longer a draft.
   */
  @Transactional
  public UUID draftForImport(Caller caller, UUID applianceId, String version) {
    ApplianceVersion v = owned(caller, applianceId, version);
    requireStatus(v, VersionStatus.DRAFT);
    return v.id;
  }

  /**
   * Appends imported partitions, whose content is already stored, to a draft, with the layout of
   * the disk each came from; checked again here because the draft may have changed meanwhile.
   */
  @Transactional
  public VersionDto appendImported(
      Caller caller,
      UUID applianceId,
      String version,
      List<PartitionSpec> specs,
      List<DiskLayout> layouts) {
    ApplianceVersion v = owned(caller, applianceId, version);
    requireStatus(v, VersionStatus.DRAFT);
    if (v.partitions.size() + specs.size() > MAX_PARTITIONS) {
      throw ApiException.badField(
          "extractPartitions",
          "the version would have "
              + (v.partitions.size() + specs.size())
              + " partitions, more than "
              + MAX_PARTITIONS);
    }
    for (int i = 0; i < specs.size(); i++) {
      PartitionSpec spec = specs.get(i);
      boolean taken = v.partitions.stream().anyMatch(p -> p.label.equals(spec.label()));
      if (taken) {
        throw ApiException.conflictingField(
            "label", "the version already has a partition labelled '" + spec.label() + "'");
      }
      VersionPartition p = partition(v, v.partitions.size(), spec);
      p.sourceLayout = mapper.writeLayout(layouts.get(i));
      v.partitions.add(p);
    }
    audit.record(
        caller,
        "import",
        "version",
        name(v),
        specs.stream()
            .map(p -> p.label() + "=" + p.digest())
            .collect(java.util.stream.Collectors.joining(", ")));
    versions.flush();
    changes.changed();
    return mapper.toDto(v);
  }

  /** Labels a draft version has already, so an import can refuse a clash before storing. */
  @Transactional
  public List<String> labels(UUID versionId) {
    return versions.findById(versionId).partitions.stream().map(p -> p.label).toList();
  }

  /** Marks a published version DEPRECATED: still deployable, flagged as superseded. */
  @Transactional
  public VersionDto deprecate(Caller caller, UUID applianceId, String version) {
    ApplianceVersion v = owned(caller, applianceId, version);
    requireStatus(v, VersionStatus.PUBLISHED);
    return changeStatus(caller, v, VersionStatus.DEPRECATED, "deprecate");
  }

  /** Marks a published or deprecated version REVOKED: listed, but never deployed again. */
  @Transactional
  public VersionDto revoke(Caller caller, UUID applianceId, String version) {
    ApplianceVersion v = owned(caller, applianceId, version);
    requireStatus(v, VersionStatus.PUBLISHED, VersionStatus.DEPRECATED);
    return changeStatus(caller, v, VersionStatus.REVOKED, "revoke");
  }

  private VersionDto changeStatus(
      Caller caller, ApplianceVersion v, VersionStatus status, String action) {
    v.status = status;
    v.statusChangedAt = OffsetDateTime.now();
    changes.changed();
    // The signed snapshot lists deployable versions only: re-sign it with the new status.
    catalog.reissue();
    audit.record(caller, action, "version", name(v), null);
    return mapper.toDto(v);
  }

  /**
   * The version, if the caller may change it, with its row locked for the rest of the transaction:
   * concurrent imports, publishing and status changes of one version are serialised, so positions
   * and labels of partitions stay unique and nothing is added to a version being published.
   */
  private ApplianceVersion owned(Caller caller, UUID applianceId, String version) {
    Appliance a = appliances.visible(caller, applianceId);
    Access.requireOwner(caller, a);
    return versions
        .findForUpdate(applianceId, version)
        .orElseThrow(
            () -> ApiException.notFound("version " + version + " of appliance " + applianceId));
  }

  private static void requireStatus(ApplianceVersion v, VersionStatus... allowed) {
    for (VersionStatus s : allowed) {
      if (v.status == s) {
        return;
      }
    }
    throw ApiException.conflict(
        "version " + v.version + " is " + v.status + "; this needs " + List.of(allowed));
  }

  private static String name(ApplianceVersion v) {
    return v.appliance.publisher.name + "/" + v.appliance.name + "@" + v.version;
  }

  private boolean check(String what, FileRef ref, List<String> problems) {
    OptionalLong stored = blobs.storedSize(ref.digest());
    if (stored.isEmpty()) {
      problems.add(what + " " + ref.digest() + " has not been uploaded");
      return false;
    } else if (stored.getAsLong() != ref.size()) {
      problems.add(
          what + " " + ref.digest() + " is " + stored.getAsLong() + " bytes, not " + ref.size());
      return false;
    }
    return true;
  }
}
