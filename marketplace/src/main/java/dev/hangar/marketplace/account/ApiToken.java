package dev.hangar.marketplace.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An API token of a user; only the SHA-256 of the token is stored. */
@Entity
@Table(name = "api_token")
public class ApiToken {
  @Id public UUID id;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "user_id")
  public AppUser user;

  @Column(nullable = false)
  public String name;

  @Column(name = "token_hash", nullable = false, unique = true)
  public String tokenHash;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "revoked_at")
  public OffsetDateTime revokedAt;
}
