package dev.hangar.marketplace.publisher;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.audit.AuditLog;
import dev.hangar.marketplace.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registers and looks up publishers. */
@ApplicationScoped
public class PublisherService {
  private final PublisherRepository publishers;
  private final AuditLog audit;

  public PublisherService(PublisherRepository publishers, AuditLog audit) {
    this.publishers = publishers;
    this.audit = audit;
  }

  /** Registers a publisher; its name must be unused (409 otherwise). */
  @Transactional
  public PublisherDto create(Caller caller, CreatePublisher request) {
    if (publishers.findByName(request.name()).isPresent()) {
      throw ApiException.conflict("publisher '" + request.name() + "' already exists");
    }
    Publisher p = new Publisher();
    p.id = UUID.randomUUID();
    p.name = request.name();
    p.displayName = request.displayName() == null ? request.name() : request.displayName();
    p.createdAt = OffsetDateTime.now();
    publishers.persist(p);
    audit.record(caller, "create", "publisher", p.name, null);
    return PublisherDto.of(p);
  }

  /** Registers {@code name} unless it exists; for the service's own publishers (samples). */
  @Transactional
  public void ensure(String name, String displayName) {
    if (publishers.findByName(name).isEmpty()) {
      create(Caller.system(), new CreatePublisher(name, displayName));
    }
  }

  @Transactional
  public List<PublisherDto> list() {
    return publishers.listAll().stream().map(PublisherDto::of).toList();
  }

  @Transactional
  public Optional<PublisherDto> get(String name) {
    return publishers.findByName(name).map(PublisherDto::of);
  }
}
