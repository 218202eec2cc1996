package dev.hangar.marketplace.publisher;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An organisation that publishes appliances. */
@Entity
public class Publisher {
  @Id public UUID id;

  @Column(nullable = false, unique = true)
  public String name;

  @Column(name = "display_name", nullable = false)
  public String displayName;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;
}
