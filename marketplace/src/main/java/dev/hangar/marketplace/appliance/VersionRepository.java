package dev.hangar.marketplace.appliance;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Versions of appliances. */
@ApplicationScoped
public class VersionRepository implements PanacheRepositoryBase<ApplianceVersion, UUID> {
  /** Every version of the appliance, oldest first. */
  public List<ApplianceVersion> listFor(UUID applianceId) {
    return find("appliance.id = ?1 order by createdAt", applianceId).list();
  }

  /** Every version of the given appliances, oldest first. */
  public List<ApplianceVersion> listFor(java.util.Collection<UUID> applianceIds) {
    return find("appliance.id in ?1 order by createdAt", applianceIds).list();
  }

  /** Versions whose kernel, initrd or a partition is the file with {@code digest}. */
  public List<ApplianceVersion> referencing(String digest) {
    return find(
            "select distinct v from ApplianceVersion v left join v.partitions p"
                + " where v.kernelDigest = ?1 or v.initrdDigest = ?1 or p.digest = ?1",
            digest)
        .list();
  }

  public Optional<ApplianceVersion> find(UUID applianceId, String version) {
    return find("appliance.id = ?1 and version = ?2", applianceId, version).firstResultOptional();
  }

  /**
   * The version with its row locked ({@code SELECT ... FOR UPDATE}) until the transaction ends, so
   * changes to it and its partitions (imports, publish, status changes) run one after another and
   * each sees what the one before committed. Call it before anything else in the transaction has
   * loaded the version, or the entity's state may predate the lock.
   */
  public Optional<ApplianceVersion> findForUpdate(UUID applianceId, String version) {
    return find("appliance.id = ?1 and version = ?2", applianceId, version)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .singleResultOptional();
  }
}
