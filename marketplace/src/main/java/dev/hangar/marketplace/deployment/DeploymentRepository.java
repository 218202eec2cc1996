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
}
