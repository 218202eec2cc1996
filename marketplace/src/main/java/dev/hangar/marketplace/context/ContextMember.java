package dev.hangar.marketplace.context;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One VM's NoCloud-net token and broker state; keyed by its deployment. */
@Entity
@Table(name = "context_member")
public class ContextMember {
  @Id
  @Column(name = "deployment_id")
  public UUID deploymentId;

  /** The group it belongs to; null for a VM deployed on its own. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "group_id")
  public ContextGroup group;

  public String role;

  /** Its host name, unique in the group; null outside a group. */
  public String hostname;

  /** SHA-256 (hex) of the VM's token; null before it is issued and after it is revoked. */
  @Column(name = "token_hash")
  public String tokenHash;

  @Column(name = "token_issued_at")
  public OffsetDateTime tokenIssuedAt;

  /** What the VM provided, as {@code key=value} lines; null until it has. */
  public String provided;

  @Column(name = "provided_at")
  public OffsetDateTime providedAt;

  /** READY or FAILED once the VM reported through the broker. */
  public String reported;

  /** The reason a VM gave with FAILED. */
  public String reason;

  @Column(name = "reported_at")
  public OffsetDateTime reportedAt;
}
