package dev.hangar.marketplace.publisher;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Publishers by id and by their unique name. */
@ApplicationScoped
public class PublisherRepository implements PanacheRepositoryBase<Publisher, UUID> {
  public Optional<Publisher> findByName(String name) {
    return find("name", name).firstResultOptional();
  }
}
