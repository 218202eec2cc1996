package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.publisher.Publisher;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A named appliance of one publisher; its bytes live in its versions. */
@Entity
public class Appliance {
  @Id public UUID id;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "publisher_id")
  public Publisher publisher;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String summary;

  @Column(nullable = false)
  public String description;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;
}
