package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.appliance.ApplianceApi.ApplianceDto;
import dev.hangar.marketplace.appliance.ApplianceApi.CreateAppliance;
import dev.hangar.marketplace.appliance.ApplianceApi.CreateVersion;
import dev.hangar.marketplace.appliance.ApplianceApi.FileRef;
import dev.hangar.marketplace.appliance.ApplianceApi.PartitionSpec;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionDto;
import dev.hangar.marketplace.blob.BlobService;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.publisher.PublisherRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Creates appliances and versions and publishes drafts; owns the transactions. */
@ApplicationScoped
public class ApplianceService {
  private final ApplianceRepository appliances;
  private final VersionRepository versions;
  private final PublisherRepository publishers;
  private final BlobService blobs;

  public ApplianceService(
      ApplianceRepository appliances,
      VersionRepository versions,
      PublisherRepository publishers,
      BlobService blobs) {
    this.appliances = appliances;
    this.versions = versions;
    this.publishers = publishers;
    this.blobs = blobs;
  }

  @Transactional
  public ApplianceDto create(CreateAppliance request) {
    var publisher =
        publishers
            .findByName(request.publisher())
            .orElseThrow(
                () ->
                    ApiException.badField(
                        "publisher", "no publisher named '" + request.publisher() + "'"));
    if (appliances.findByName(request.publisher(), request.name()).isPresent()) {
      throw ApiException.conflict(
          "appliance '" + request.publisher() + "/" + request.name() + "' already exists");
    }
    Appliance a = new Appliance();
    a.id = UUID.randomUUID();
    a.publisher = publisher;
    a.name = request.name();
    a.summary = request.summary();
    a.description = request.description() == null ? "" : request.description();
    a.createdAt = OffsetDateTime.now();
    appliances.persist(a);
    return ApplianceMapper.toDto(a, List.of());
  }

  @Transactional
  public List<ApplianceDto> list() {
    return appliances.listOrdered().stream()
        .map(a -> ApplianceMapper.toDto(a, versions.listFor(a.id)))
        .toList();
  }

  @Transactional
  public Optional<ApplianceDto> get(UUID id) {
    return appliances
        .findByIdOptional(id)
        .map(a -> ApplianceMapper.toDto(a, versions.listFor(a.id)));
  }

  @Transactional
  public Optional<ApplianceDto> find(String publisher, String name) {
    return appliances
        .findByName(publisher, name)
        .map(a -> ApplianceMapper.toDto(a, versions.listFor(a.id)));
  }

  /** Creates a DRAFT version; the bytes it names are uploaded afterwards, then it is published. */
  @Transactional
  public VersionDto createVersion(UUID applianceId, CreateVersion request) {
    Appliance a =
        appliances
            .findByIdOptional(applianceId)
            .orElseThrow(() -> ApiException.notFound("appliance " + applianceId));
    if (versions.find(applianceId, request.version()).isPresent()) {
      throw ApiException.conflict(
          "version " + request.version() + " of '" + a.name + "' already exists");
    }
    ApplianceVersion v = new ApplianceVersion();
    v.id = UUID.randomUUID();
    v.appliance = a;
    v.version = request.version();
    v.channel = request.channel() == null ? "stable" : request.channel();
    v.status = VersionStatus.DRAFT;
    v.arch = request.requirements().arch() == null ? "x86_64" : request.requirements().arch();
    v.vcpus = request.requirements().vcpus();
    v.memoryMib = request.requirements().memoryMiB();
    v.cmdline = request.boot().cmdline();
    v.kernelDigest = request.boot().kernel().digest();
    v.kernelSize = request.boot().kernel().size();
    v.initrdDigest = request.boot().initrd().digest();
    v.initrdSize = request.boot().initrd().size();
    v.createdAt = OffsetDateTime.now();
    for (int i = 0; i < request.partitions().size(); i++) {
      v.partitions.add(partition(v, i, request.partitions().get(i)));
    }
    versions.persist(v);
    return ApplianceMapper.toDto(v);
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

  @Transactional
  public List<VersionDto> versions(UUID applianceId) {
    appliances
        .findByIdOptional(applianceId)
        .orElseThrow(() -> ApiException.notFound("appliance " + applianceId));
    return versions.listFor(applianceId).stream().map(ApplianceMapper::toDto).toList();
  }

  @Transactional
  public Optional<VersionDto> version(UUID applianceId, String version) {
    return versions.find(applianceId, version).map(ApplianceMapper::toDto);
  }

  /**
   * Publishes a draft: it becomes visible and deployable only if every file it names is stored with
   * the declared size; otherwise 409 lists what is missing and the draft stays a draft.
   */
  @Transactional
  public VersionDto publish(UUID applianceId, String version) {
    ApplianceVersion v =
        versions
            .find(applianceId, version)
            .orElseThrow(
                () -> ApiException.notFound("version " + version + " of appliance " + applianceId));
    if (v.status != VersionStatus.DRAFT) {
      throw ApiException.conflict("version " + version + " is " + v.status + ", not DRAFT");
    }
    List<String> problems = new ArrayList<>();
    check("kernel", new FileRef(v.kernelDigest, v.kernelSize), problems);
    check("initrd", new FileRef(v.initrdDigest, v.initrdSize), problems);
    for (VersionPartition p : v.partitions) {
      if (p.kind != PartitionKind.EMPTY) {
        check("partition " + p.label, new FileRef(p.digest, p.sizeBytes), problems);
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.conflict("cannot publish " + version + ": " + String.join("; ", problems));
    }
    v.status = VersionStatus.PUBLISHED;
    v.publishedAt = OffsetDateTime.now();
    return ApplianceMapper.toDto(v);
  }

  private void check(String what, FileRef ref, List<String> problems) {
    OptionalLong stored = blobs.storedSize(ref.digest());
    if (stored.isEmpty()) {
      problems.add(what + " " + ref.digest() + " has not been uploaded");
    } else if (stored.getAsLong() != ref.size()) {
      problems.add(
          what + " " + ref.digest() + " is " + stored.getAsLong() + " bytes, not " + ref.size());
    }
  }
}
