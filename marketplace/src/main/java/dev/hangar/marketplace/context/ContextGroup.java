package dev.hangar.marketplace.context;

import dev.hangar.marketplace.account.AppUser;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The VMs of one multi-VM deploy and the roles they play. */
@Entity
@Table(name = "context_group")
public class ContextGroup {
  @Id public UUID id;

  @Column(nullable = false)
  public String name;

  /** Who deployed it; null for groups made by the service itself. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "owner_id")
  public AppUser owner;

  /** The roles as JSON: {@code [{"name", "count", "requires": [..]}]}. */
  @Column(nullable = false)
  public String roles;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;
}
