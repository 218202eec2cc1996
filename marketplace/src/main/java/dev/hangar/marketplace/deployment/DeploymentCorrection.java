package dev.hangar.marketplace.deployment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One correction the reconciler made to a deployment; inserted, never changed. */
@Entity
@Table(name = "deployment_correction")
public class DeploymentCorrection {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "deployment_id", nullable = false)
  public UUID deploymentId;

  @Column(nullable = false)
  public OffsetDateTime at;

  /** What was done: restart, gave-up, stop, vanished, released, orphan-domain, orphan-volume. */
  @Column(nullable = false)
  public String kind;

  @Column(name = "node_name")
  public String nodeName;

  @Column(nullable = false)
  public String detail;
}
