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

/** A DSSE envelope signing the canonical manifest of a version, stored exactly as submitted. */
@Entity
@Table(name = "version_signature")
public class VersionSignature {
  @Id public UUID id;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "version_id")
  public ApplianceVersion version;

  /** SHA-256 of the signed payload (the manifest digest). */
  @Column(name = "manifest_digest", nullable = false)
  public String manifestDigest;

  /** The manifest's issuedAt: the signature time the keyring judges the keys at. */
  @Column(name = "issued_at", nullable = false)
  public OffsetDateTime issuedAt;

  /** Comma-separated key ids the envelope claims to be signed by (unverified until evaluation). */
  @Column(name = "key_ids", nullable = false)
  public String keyIds;

  @Column(nullable = false)
  public String envelope;

  @Column(name = "received_at", nullable = false)
  public OffsetDateTime receivedAt;

  @Column(name = "submitted_by", nullable = false)
  public String submittedBy;
}
