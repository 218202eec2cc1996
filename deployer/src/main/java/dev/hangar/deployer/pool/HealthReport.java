package dev.hangar.deployer.pool;

import java.util.Map;

/**
 * Outcome of one {@link NodePool#checkHealth()} pass.
 *
 * @param states each checked node's state after the pass
 * @param failures for each node that could not be reached or probed, the reason
 */
public record HealthReport(Map<String, NodeState> states, Map<String, String> failures) {
  /** Copies the maps. */
  public HealthReport {
    states = Map.copyOf(states);
    failures = Map.copyOf(failures);
  }
}
