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
import java.util.List;
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

  /** OpenSSH public keys for the VM's default user, one per line; null when none were given. */
  @Column(name = "ssh_authorized_keys")
  public String sshAuthorizedKeys;

  /**
   * The caller's own user-data ({@code #cloud-config} or a {@code #!} script), added to the seed
   * after the components; null when none was given. Never shown by the API: it may hold secrets.
   */
  @Column(name = "user_data")
  public String userData;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public DeploymentState state;

  @Column(name = "node_uri")
  public String nodeUri;

  /** Name of the pool node the current or last attempt was placed on. */
  @Column(name = "node_name")
  public String nodeName;

  /** The scheduler claim holding capacity for this deployment, while it holds one. */
  @Column(name = "claim_id")
  public UUID claimId;

  /** How far the current attempt got: CLAIMED, STAGING or STARTED; null between attempts. */
  public String step;

  /** Nodes attempts have been made on, comma-separated. */
  @Column(name = "tried_nodes")
  public String triedNodes;

  /** Attempts made so far, one per node tried. */
  public int attempts;

  /** The node the caller asked for, if any. */
  @Column(name = "requested_node")
  public String requestedNode;

  /** Labels the caller required of the node, as a JSON object; null for none. */
  @Column(name = "requested_labels")
  public String requestedLabels;

  @Column(name = "domain_name", nullable = false)
  public String domainName;

  /** Per-deployment volumes on the node (overlays, blank space, seed), comma-separated. */
  public String volumes;

  /** Path of the serial console log on the node. */
  @Column(name = "console_log")
  public String consoleLog;

  /** IPv4 addresses the guest reported (HANGAR-NET), comma-separated CIDRs; null before READY. */
  public String addresses;

  /** Progress or failure detail shown to the user. */
  public String message;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  /** The public keys for the default user, in the order given. */
  public List<String> sshAuthorizedKeys() {
    return sshAuthorizedKeys == null ? List.of() : List.of(sshAuthorizedKeys.split("\n"));
  }
}
