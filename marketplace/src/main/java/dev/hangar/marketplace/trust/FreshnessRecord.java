package dev.hangar.marketplace.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The rollback state a deployment node's freshness guard remembers (canonical JSON). */
@Entity
@Table(name = "freshness_state")
public class FreshnessRecord {
  /** libvirt URI of the node. */
  @Id public String node;

  @Column(nullable = false)
  public String state;
}
