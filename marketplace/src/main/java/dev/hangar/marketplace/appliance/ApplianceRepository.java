package dev.hangar.marketplace.appliance;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Appliances, by id or by publisher and name. */
@ApplicationScoped
public class ApplianceRepository implements PanacheRepositoryBase<Appliance, UUID> {
  public Optional<Appliance> findByName(String publisher, String name) {
    return find("publisher.name = ?1 and name = ?2", publisher, name).firstResultOptional();
  }

  public List<Appliance> listOrdered() {
    return find("from Appliance a join fetch a.publisher order by a.name, a.publisher.name").list();
  }
}
