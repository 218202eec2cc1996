package dev.hangar.deployer.pool;

/**
 * Whether a node accepts new virtual machines; only {@link #ACTIVE} nodes do.
 *
 * <p>{@link #DRAINING} and {@link #MAINTENANCE} are set by an operator and are never changed by the
 * health check; {@link #DOWN} is set by the health check when the node cannot be reached.
 */
public enum NodeState {
  /** Reachable and accepting placements. */
  ACTIVE,
  /** Running its existing VMs but accepting no new ones. */
  DRAINING,
  /** Taken out of service by an operator; accepts nothing. */
  MAINTENANCE,
  /** Unreachable at the last health check. */
  DOWN
}
