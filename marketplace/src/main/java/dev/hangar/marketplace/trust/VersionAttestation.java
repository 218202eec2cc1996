package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.appliance.ApplianceVersion;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An in-toto statement envelope about a version's manifest, stored exactly as submitted. */
@Entity
@Table(name = "version_attestation")
public class VersionAttestation {
  @Id public UUID id;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "version_id")
  public ApplianceVersion version;

  @Column(name = "predicate_type", nullable = false)
  public String predicateType;

  /** Comma-separated {@code sha256:<hex>} subject digests of the statement. */
  @Column(name = "subject_digests", nullable = false)
  public String subjectDigests;

  @Column(name = "key_ids", nullable = false)
  public String keyIds;

  @Column(nullable = false)
  public String envelope;

  @Column(name = "received_at", nullable = false)
  public OffsetDateTime receivedAt;

  @Column(name = "submitted_by", nullable = false)
  public String submittedBy;
}
