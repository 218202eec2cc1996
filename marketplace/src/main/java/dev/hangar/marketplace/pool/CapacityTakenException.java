package dev.hangar.marketplace.pool;

/**
 * The node no longer has room for a claim: another scheduler (another service instance, whose
 * reservations this one's memory does not see) took it first. Placing again elsewhere is the cure.
 */
public class CapacityTakenException extends RuntimeException {
  private final String node;

  public CapacityTakenException(String node) {
    super("node " + node + " has no room left for this claim");
    this.node = node;
  }

  /** The node that was full. */
  public String node() {
    return node;
  }
}
