package dev.hangar.marketplace.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The canonical manifest a version was pinned to when it was published: the one the catalog
 * snapshot lists and the deployer admits. Later changes to the catalog rows do not change it.
 */
@Entity
@Table(name = "version_manifest")
public class VersionManifest {
  @Id
  @Column(name = "version_id")
  public UUID versionId;

  @Column(name = "manifest_digest", nullable = false)
  public String manifestDigest;

  @Column(name = "issued_at", nullable = false)
  public OffsetDateTime issuedAt;

  /** The canonical JSON bytes (UTF-8) of the manifest. */
  @Column(nullable = false)
  public String payload;
}
