package dev.hangar.marketplace.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One audited action; rows are inserted and never updated or deleted. */
@Entity
@Table(name = "audit_log")
public class AuditEntry {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public OffsetDateTime at;

  @Column(nullable = false)
  public String actor;

  @Column(nullable = false)
  public String action;

  @Column(name = "target_type", nullable = false)
  public String targetType;

  @Column(nullable = false)
  public String target;

  public String detail;
}
