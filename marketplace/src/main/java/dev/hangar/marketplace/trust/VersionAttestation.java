package dev.hangar.marketplace.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An in-toto statement envelope about a version's manifest, stored exactly as submitted. */
@Entity
@Table(name = "version_attestation")
public class VersionAttestation extends StoredEnvelope {

  @Column(name = "predicate_type", nullable = false)
  public String predicateType;

  /** Comma-separated {@code sha256:<hex>} subject digests of the statement. */
  @Column(name = "subject_digests", nullable = false)
  public String subjectDigests;
}
