package dev.hangar.marketplace.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The marketplace's current signed timestamp or snapshot envelope (one row per role). */
@Entity
@Table(name = "catalog_metadata")
public class CatalogMetadata {
  /** Role of the row: {@link #TIMESTAMP} or {@link #SNAPSHOT}. */
  public static final String TIMESTAMP = "timestamp";

  /** Role of the snapshot row. */
  public static final String SNAPSHOT = "snapshot";

  @Id public String role;

  @Column(nullable = false)
  public long version;

  @Column(nullable = false)
  public OffsetDateTime expires;

  /** The DSSE envelope as canonical JSON. */
  @Column(nullable = false)
  public String envelope;
}
