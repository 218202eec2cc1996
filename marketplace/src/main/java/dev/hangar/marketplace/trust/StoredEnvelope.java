package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.store.trust.Envelope;
import jakarta.persistence.Column;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** A DSSE envelope about a version, stored exactly as submitted, with who sent it and when. */
@MappedSuperclass
public abstract class StoredEnvelope {
  @Id public UUID id;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "version_id")
  public ApplianceVersion version;

  /** Comma-separated key ids the envelope claims to be signed by (unverified until evaluation). */
  @Column(name = "key_ids", nullable = false)
  public String keyIds;

  @Column(nullable = false)
  public String envelope;

  @Column(name = "received_at", nullable = false)
  public OffsetDateTime receivedAt;

  @Column(name = "submitted_by", nullable = false)
  public String submittedBy;

  /** Fills the fields every stored envelope has, for {@code envelope} received now. */
  void receive(ApplianceVersion about, Envelope received, Caller from) {
    id = UUID.randomUUID();
    version = about;
    keyIds =
        String.join(
            ",", received.signatures().stream().map(Envelope.Signature::keyid).distinct().toList());
    envelope = new String(received.toBytes(), StandardCharsets.UTF_8);
    receivedAt = OffsetDateTime.now(ZoneOffset.UTC);
    submittedBy = from.name();
  }
}
