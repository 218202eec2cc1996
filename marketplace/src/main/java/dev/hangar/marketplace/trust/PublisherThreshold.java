package dev.hangar.marketplace.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** How many distinct registered keys of a publisher must sign a manifest (default 1). */
@Entity
@Table(name = "publisher_threshold")
public class PublisherThreshold {
  @Id
  @Column(name = "publisher_id")
  public UUID publisherId;

  @Column(nullable = false)
  public int threshold;
}
