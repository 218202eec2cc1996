package dev.hangar.deployer;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One disk of a deployment.
 *
 * @param role partition role, used in per-deployment volume names (e.g. {@code root}, {@code data})
 * @param kind how the disk is provisioned
 * @param digestHex SHA-256 of the partition image; {@code null} for {@link Kind#EMPTY}
 * @param sizeBytes image size, or the blank disk's size for {@link Kind#EMPTY}
 * @param targetDev guest device name, or {@code null} to take {@code vda}, {@code vdb}, ... by
 *     position
 */
public record PartitionPlan(
    String role, Kind kind, String digestHex, long sizeBytes, String targetDev) {
  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");

  /** Validates the role (it becomes part of a file name) and the kind/digest combination. */
  public PartitionPlan {
    Objects.requireNonNull(role, "role");
    if (!ROLE.matcher(role).matches()) {
      throw new IllegalArgumentException("invalid partition role: " + role);
    }
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.EMPTY) != (digestHex == null)) {
      throw new IllegalArgumentException("digest must be absent exactly for EMPTY: " + role);
    }
    if (sizeBytes <= 0) {
      throw new IllegalArgumentException("size must be positive: " + role);
    }
  }

  /** The content, for kinds that have one. */
  StagedFile content() {
    return new StagedFile(digestHex, sizeBytes);
  }

  /** How a partition reaches the guest. */
  public enum Kind {
    /** A new sparse raw disk of the given size, private to the deployment. */
    EMPTY,
    /** The cached image itself, attached read-only and shareable across deployments. */
    SHARED_READONLY,
    /** A private qcow2 overlay on the cached image; guest writes never reach the cache. */
    COPY_ON_WRITE
  }
}
