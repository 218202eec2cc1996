package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.ApplianceApi.ApplianceDto;
import dev.hangar.marketplace.appliance.ApplianceApi.CreateAppliance;
import dev.hangar.marketplace.appliance.ApplianceApi.UpdateAppliance;
import dev.hangar.marketplace.audit.AuditLog;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.publisher.Publisher;
import dev.hangar.marketplace.publisher.PublisherRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Creates, reads and updates appliances for a caller; owns the transactions. */
@ApplicationScoped
public class ApplianceService {
  private final ApplianceRepository appliances;
  private final VersionRepository versions;
  private final PublisherRepository publishers;
  private final ApplianceMapper mapper;
  private final AuditLog audit;
  private final CatalogChanges changes;

  public ApplianceService(
      ApplianceRepository appliances,
      VersionRepository versions,
      PublisherRepository publishers,
      ApplianceMapper mapper,
      AuditLog audit,
      CatalogChanges changes) {
    this.appliances = appliances;
    this.versions = versions;
    this.publishers = publishers;
    this.mapper = mapper;
    this.audit = audit;
    this.changes = changes;
  }

  @Transactional
  public ApplianceDto create(Caller caller, CreateAppliance request) {
    Publisher publisher =
        publishers
            .findByName(request.publisher())
            .orElseThrow(
                () ->
                    ApiException.badField(
                        "publisher", "no publisher named '" + request.publisher() + "'"));
    if (!caller.actsFor(publisher.id)) {
      throw ApiException.forbidden(
          "only publisher '" + publisher.name + "' may create its appliances");
    }
    if (appliances.findByName(request.publisher(), request.name()).isPresent()) {
      throw ApiException.conflict(
          "appliance '" + request.publisher() + "/" + request.name() + "' already exists");
    }
    Appliance a = new Appliance();
    a.id = UUID.randomUUID();
    a.publisher = publisher;
    a.name = request.name();
    a.createdAt = OffsetDateTime.now();
    apply(
        a,
        request.summary(),
        request.description(),
        request.categories(),
        request.tags(),
        request.visibility() == null ? Visibility.PUBLIC : request.visibility(),
        request.sharedWith());
    appliances.persist(a);
    changes.changed();
    audit.record(caller, "create", "appliance", publisher.name + "/" + a.name, null);
    return mapper.toDto(a, List.of());
  }

  /**
   * Replaces the appliance's metadata if it is still at {@code expectedRevision} (the ETag the
   * caller read); otherwise 412.
   */
  @Transactional
  public ApplianceDto update(
      Caller caller, UUID id, long expectedRevision, UpdateAppliance request) {
    Appliance a =
        appliances.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("appliance " + id));
    Access.requireOwner(caller, a);
    if (a.revision != expectedRevision) {
      throw ApiException.preconditionFailed(
          "appliance "
              + id
              + " is at revision "
              + a.revision
              + ", not "
              + expectedRevision
              + "; read it again");
    }
    apply(
        a,
        request.summary(),
        request.description(),
        request.categories(),
        request.tags(),
        request.visibility(),
        request.sharedWith());
    appliances.flush(); // bumps the revision now, so the response carries the new ETag
    changes.changed();
    audit.record(
        caller,
        "update",
        "appliance",
        a.publisher.name + "/" + a.name,
        "visibility " + a.visibility);
    return mapper.toDto(a, visibleVersions(caller, a));
  }

  /**
   * Deletes the appliance and its versions; refused (409) while a deployment of it holds a VM.
   * Stored files stay until garbage collection finds them unreferenced.
   */
  @Transactional
  public void delete(Caller caller, UUID id) {
    Appliance a =
        appliances.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("appliance " + id));
    Access.requireOwner(caller, a);
    long live = appliances.liveDeployments(id);
    if (live > 0) {
      throw ApiException.conflict(
          "appliance '"
              + a.name
              + "' has "
              + live
              + " deployment(s) still holding VMs; destroy them first");
    }
    appliances.deleteWithHistory(a);
    changes.changed();
    audit.record(caller, "delete", "appliance", a.publisher.name + "/" + a.name, null);
  }

  private void apply(
      Appliance a,
      String summary,
      String description,
      List<String> categories,
      List<String> tags,
      Visibility visibility,
      List<String> sharedWith) {
    a.summary = summary;
    a.description = description == null ? "" : description;
    a.categories = new TreeSet<>(categories == null ? List.of() : categories);
    a.tags = new TreeSet<>(tags == null ? List.of() : tags);
    a.visibility = visibility;
    a.refreshSearchText();
    Set<Publisher> shares = new HashSet<>();
    List<String> names = sharedWith == null ? List.of() : sharedWith;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      int index = i;
      shares.add(
          publishers
              .findByName(name)
              .orElseThrow(
                  () ->
                      ApiException.badField(
                          "sharedWith[" + index + "]", "no publisher named '" + name + "'")));
    }
    if (!shares.isEmpty() && visibility != Visibility.SHARED) {
      throw ApiException.badField(
          "sharedWith", "only SHARED appliances are shared with publishers");
    }
    a.sharedWith = shares;
  }

  /** Every appliance the caller may see, with the versions it may see. */
  @Transactional
  public List<ApplianceDto> list(Caller caller) {
    return describeAll(
        caller, appliances.listOrdered().stream().filter(a -> Access.canSee(caller, a)).toList());
  }

  @Transactional
  public Optional<ApplianceDto> get(Caller caller, UUID id) {
    return appliances
        .findByIdOptional(id)
        .filter(a -> Access.canSee(caller, a))
        .map(a -> mapper.toDto(a, visibleVersions(caller, a)));
  }

  /** The API view of an appliance the caller is known to see, with the versions it may see. */
  public ApplianceDto describe(Caller caller, Appliance a) {
    return mapper.toDto(a, visibleVersions(caller, a));
  }

  /** The appliance's entity if the caller may see it, for the other services of this package. */
  Appliance visible(Caller caller, UUID id) {
    return appliances
        .findByIdOptional(id)
        .filter(a -> Access.canSee(caller, a))
        .orElseThrow(() -> ApiException.notFound("appliance " + id));
  }

  List<ApplianceVersion> visibleVersions(Caller caller, Appliance a) {
    return versions.listFor(a.id).stream().filter(v -> Access.canSee(caller, v)).toList();
  }

  /**
   * The API views of appliances the caller is known to see, with the versions it may see, loading
   * the versions of all of them in one query (a page of results would otherwise cost one each).
   */
  public List<ApplianceDto> describeAll(Caller caller, List<Appliance> list) {
    if (list.isEmpty()) {
      return List.of();
    }
    java.util.Map<UUID, List<ApplianceVersion>> byAppliance =
        versions.listFor(list.stream().map(a -> a.id).toList()).stream()
            .filter(v -> Access.canSee(caller, v))
            .collect(java.util.stream.Collectors.groupingBy(v -> v.appliance.id));
    return list.stream()
        .map(a -> mapper.toDto(a, byAppliance.getOrDefault(a.id, List.of())))
        .toList();
  }
}
