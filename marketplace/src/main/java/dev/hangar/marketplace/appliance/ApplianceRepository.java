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

  /** Deployments of any version of the appliance that are not DESTROYED. */
  public long liveDeployments(UUID applianceId) {
    return getEntityManager()
        .createQuery(
            "select count(d) from Deployment d where d.version.appliance.id = :id"
                + " and d.state <> dev.hangar.marketplace.deployment.DeploymentState.DESTROYED",
            Long.class)
        .setParameter("id", applianceId)
        .getSingleResult();
  }

  /** Deletes the appliance, its versions and the records of its destroyed deployments. */
  public void deleteWithHistory(Appliance a) {
    var em = getEntityManager();
    em.createQuery(
            "delete from Deployment d where d.version.id in (select v.id from ApplianceVersion v where v.appliance = :a)")
        .setParameter("a", a)
        .executeUpdate();
    em.createQuery(
            "select v from ApplianceVersion v where v.appliance = :a", ApplianceVersion.class)
        .setParameter("a", a)
        .getResultList()
        .forEach(em::remove);
    delete(a);
  }
}
