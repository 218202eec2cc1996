package dev.hangar.marketplace.deployment;

import dev.hangar.marketplace.account.AppUser;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One VM instance of a published version. */
@Entity
public class Deployment {
  @Id public UUID id;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "version_id")
  public ApplianceVersion version;

  @Column(name = "instance_id", nullable = false, unique = true)
  public String instanceId;

  @Column(nullable = false)
  public String hostname;

  /** Who deployed it; null for deployments made by the service itself. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "owner_id")
  public AppUser owner;

  /** Context parameter values as a JSON object, without the secret ones. */
  @Column(nullable = false)
  public String parameters;

  /**
   * The secret context parameters as a JSON object sealed by {@code SecretCipher} under the
   * deployment id; null when there are none.
   */
  @Column(name = "sealed_parameters")
  public String sealedParameters;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public DeploymentState state;

  @Column(name = "node_uri")
  public String nodeUri;

  @Column(name = "domain_name", nullable = false)
  public String domainName;

  /** Per-deployment volumes on the node (overlays, blank space, seed), comma-separated. */
  public String volumes;

  /** Path of the serial console log on the node. */
  @Column(name = "console_log")
  public String consoleLog;

  /** Progress or failure detail shown to the user. */
  public String message;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;
}
