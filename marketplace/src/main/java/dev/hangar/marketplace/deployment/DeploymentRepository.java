package dev.hangar.marketplace.deployment;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Deployments, newest first. */
@ApplicationScoped
public class DeploymentRepository implements PanacheRepositoryBase<Deployment, UUID> {
  public List<Deployment> listNewestFirst() {
    return find("from Deployment d join fetch d.version v join fetch v.appliance order by d.createdAt desc")
        .list();
  }

  /** Deployments owned by one user, newest first. */
  public List<Deployment> listOwnedBy(UUID owner) {
    return find(
            "from Deployment d join fetch d.version v join fetch v.appliance"
                + " where d.owner.id = ?1 order by d.createdAt desc",
            owner)
        .list();
  }
}
