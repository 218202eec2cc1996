package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.publisher.Publisher;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A registered publisher signing key; never deleted, only revoked, so old verdicts stay explicable.
 */
@Entity
@Table(name = "publisher_key")
public class PublisherKeyRecord {
  /** {@code sha256:<hex>} of the key's DER SubjectPublicKeyInfo. */
  @Id
  @Column(name = "key_id")
  public String keyId;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "publisher_id")
  public Publisher publisher;

  @Column(nullable = false)
  public String algorithm;

  @Column(name = "public_key_pem", nullable = false)
  public String publicKeyPem;

  @Column(name = "valid_from", nullable = false)
  public OffsetDateTime validFrom;

  @Column(name = "revoked_at")
  public OffsetDateTime revokedAt;

  /** PEM CERTIFICATE blocks (leaf first) if the key was registered as a chain, else null. */
  @Column(name = "certificate_chain")
  public String certificateChain;

  @Column(name = "registered_by", nullable = false)
  public String registeredBy;
}
