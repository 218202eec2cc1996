package dev.hangar.deployer.scheduler;

import java.util.Objects;

/**
 * A named set of VMs placed together or apart.
 *
 * @param name group name, unique per tenant as the caller chooses
 * @param policy whether members share one node or never share a node
 */
public record PlacementGroup(String name, Policy policy) {
  /** Rejects missing fields. */
  public PlacementGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(policy, "policy");
  }

  /** How members of a group relate to each other's nodes. */
  public enum Policy {
    /** Every member goes to the node of the first member. */
    AFFINITY,
    /** No two members share a node. */
    ANTI_AFFINITY
  }
}
