package dev.hangar.deployer.pool;

import java.util.List;

/**
 * An immutable view of the pool at one moment.
 *
 * @param version increases with every change to the pool; equal versions mean equal content
 * @param nodes the nodes, ordered by id
 */
public record PoolSnapshot(long version, List<PooledNode> nodes) {
  /** Copies the node list. */
  public PoolSnapshot {
    nodes = List.copyOf(nodes);
  }
}
