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
 * @param sameHost other node entries that reach this very libvirt host (under another URI, with a
 *     cache pool of their own): they see the same domains, so their deployments are not orphans
 *     here
 */
public record NodeObservation(
    String node,
    Instant at,
    Map<String, VmState> domains,
    Set<String> volumes,
    Set<String> sameHost) {
  public NodeObservation {
    domains = Map.copyOf(domains);
    volumes = Set.copyOf(volumes);
    sameHost = Set.copyOf(sameHost);
  }

  /** An observation of a node that no other entry aliases. */
  public NodeObservation(
      String node, Instant at, Map<String, VmState> domains, Set<String> volumes) {
    this(node, at, domains, volumes, Set.of());
  }

  /** This observation, knowing which other entries reach the same host. */
  public NodeObservation onSameHostAs(Set<String> nodes) {
    return new NodeObservation(node, at, domains, volumes, nodes);
  }
}
