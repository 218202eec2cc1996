package dev.hangar.deployer.reconcile;

import dev.hangar.deployer.libvirt.VmState;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What libvirt reported about one reachable node at one moment.
 *
 * @param node the node's name in the pool
 * @param at when the node was read; intents that changed later are treated as busy
 * @param domains every domain defined or running on the node, by name, with its state
 * @param volumes names of every volume in the node's image cache pool (empty without a pool)
 */
public record NodeObservation(
    String node, Instant at, Map<String, VmState> domains, Set<String> volumes) {
  public NodeObservation {
    domains = Map.copyOf(domains);
    volumes = Set.copyOf(volumes);
  }
}
