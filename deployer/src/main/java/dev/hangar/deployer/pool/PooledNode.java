package dev.hangar.deployer.pool;

import java.util.Objects;
import java.util.Optional;

/**
 * A node together with its last probed capacity.
 *
 * @param node the node
 * @param capacity what the last successful probe found; empty until a probe succeeded
 */
public record PooledNode(Node node, Optional<NodeCapacity> capacity) {
  /** Rejects missing fields. */
  public PooledNode {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(capacity, "capacity");
  }
}
