package dev.hangar.marketplace.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A DSSE envelope signing the canonical manifest of a version, stored exactly as submitted. */
@Entity
@Table(name = "version_signature")
public class VersionSignature extends StoredEnvelope {

  /** SHA-256 of the signed payload (the manifest digest). */
  @Column(name = "manifest_digest", nullable = false)
  public String manifestDigest;

  /** The manifest's issuedAt: the signature time the keyring judges the keys at. */
  @Column(name = "issued_at", nullable = false)
  public OffsetDateTime issuedAt;
}
