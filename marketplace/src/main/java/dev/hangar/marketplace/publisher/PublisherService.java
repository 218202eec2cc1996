package dev.hangar.marketplace.publisher;

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

  public PublisherService(PublisherRepository publishers) {
    this.publishers = publishers;
  }

  /** Registers a publisher; its name must be unused (409 otherwise). */
  @Transactional
  public PublisherDto create(CreatePublisher request) {
    if (publishers.findByName(request.name()).isPresent()) {
      throw ApiException.conflict("publisher '" + request.name() + "' already exists");
    }
    Publisher p = new Publisher();
    p.id = UUID.randomUUID();
    p.name = request.name();
    p.displayName = request.displayName() == null ? request.name() : request.displayName();
    p.createdAt = OffsetDateTime.now();
    publishers.persist(p);
    return PublisherDto.of(p);
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
