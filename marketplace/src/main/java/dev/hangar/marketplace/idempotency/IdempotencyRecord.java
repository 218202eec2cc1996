package dev.hangar.marketplace.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;

/** A POST made with an Idempotency-Key; {@code status} is null while the first attempt runs. */
@Entity
@Table(name = "idempotency_key")
public class IdempotencyRecord {
  @EmbeddedId public Key id;

  @Column(name = "request_hash", nullable = false)
  public String requestHash;

  public Integer status;

  @Column(name = "response_body")
  public String responseBody;

  public String location;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  /** Keys are scoped to the caller, so two users cannot see each other's responses. */
  @Embeddable
  public record Key(@Column(name = "caller") String caller, @Column(name = "idem_key") String key)
      implements Serializable {}
}
