package dev.hangar.marketplace.trust;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Persistence of keys, signatures and attestations. */
public final class TrustRepositories {
  private TrustRepositories() {}

  /** Publisher keys by key id. */
  @ApplicationScoped
  public static class Keys implements PanacheRepositoryBase<PublisherKeyRecord, String> {
    /** Every key of every publisher, with its publisher loaded. */
    public List<PublisherKeyRecord> all() {
      return list("from PublisherKeyRecord k join fetch k.publisher order by k.validFrom");
    }

    /** The keys of one publisher, oldest first. */
    public List<PublisherKeyRecord> of(UUID publisherId) {
      return list(
          "from PublisherKeyRecord k join fetch k.publisher p where p.id = ?1 order by k.validFrom",
          publisherId);
    }
  }

  /** Signatures of versions. */
  @ApplicationScoped
  public static class Signatures implements PanacheRepositoryBase<VersionSignature, UUID> {
    /** The signatures of a version in the order they were received. */
    public List<VersionSignature> of(UUID versionId) {
      return list("version.id = ?1 order by receivedAt, id", versionId);
    }
  }

  /** Attestations about versions. */
  @ApplicationScoped
  public static class Attestations implements PanacheRepositoryBase<VersionAttestation, UUID> {
    /** The attestations of a version in the order they were received. */
    public List<VersionAttestation> of(UUID versionId) {
      return list("version.id = ?1 order by receivedAt, id", versionId);
    }
  }

  /** The manifest each published version is pinned to, by version id. */
  @ApplicationScoped
  public static class Manifests implements PanacheRepositoryBase<VersionManifest, UUID> {}

  /** The current signed timestamp and snapshot, by role. */
  @ApplicationScoped
  public static class Metadata implements PanacheRepositoryBase<CatalogMetadata, String> {}

  /** Rollback state of each node's freshness guard, by node URI. */
  @ApplicationScoped
  public static class Freshness implements PanacheRepositoryBase<FreshnessRecord, String> {}

  /** Signature thresholds, by publisher id. */
  @ApplicationScoped
  public static class Thresholds implements PanacheRepositoryBase<PublisherThreshold, UUID> {}
}
