package dev.hangar.deployer.pool;

import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.LibvirtOperationException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Thread-safe registry of the pool's nodes, their states and probed capacities.
 *
 * <p>Operator transitions: {@link #drain} (ACTIVE → DRAINING), {@link #maintenance} (any →
 * MAINTENANCE) and {@link #activate} (DRAINING or MAINTENANCE → ACTIVE). Reachability is the health
 * check's business alone: {@link #checkHealth()} moves an unreachable ACTIVE node to DOWN and a
 * reachable DOWN node back to ACTIVE, and never overrides an operator's DRAINING or MAINTENANCE.
 * Every change bumps {@link PoolSnapshot#version()}, so readers can cache derived structures.
 */
public final class NodePool {
  private static final System.Logger LOG = System.getLogger(NodePool.class.getName());

  private final LibvirtConnections connections;
  private final NodeProbe probe;
  private final Map<String, PooledNode> nodes = new TreeMap<>();
  private long version;
  // Volatile so readers (the scheduler, on every decision) need not take the registry lock.
  private volatile PoolSnapshot snapshot = new PoolSnapshot(0, List.of());

  /** Reaches nodes through {@code connections} and discovers capacity with {@code probe}. */
  public NodePool(LibvirtConnections connections, NodeProbe probe) {
    this.connections = connections;
    this.probe = probe;
  }

  /**
   * Adds {@code node}; its capacity stays unknown (and the scheduler ignores it) until a health
   * check probes it.
   *
   * @throws IllegalArgumentException if a node with the same id is registered
   */
  public synchronized void register(Node node) {
    requireUnknown(node.id());
    put(new PooledNode(node, Optional.empty()));
  }

  /** Adds {@code node} with an already known capacity (e.g. restored from a database). */
  public synchronized void register(Node node, NodeCapacity capacity) {
    requireUnknown(node.id());
    put(new PooledNode(node, Optional.of(capacity)));
  }

  /** Removes node {@code id}; removing an unknown node does nothing. */
  public synchronized void remove(String id) {
    if (nodes.remove(id) != null) {
      publish();
    }
  }

  /** The node called {@code id}, if registered. */
  public synchronized Optional<PooledNode> get(String id) {
    return Optional.ofNullable(nodes.get(id));
  }

  /** The current immutable view of the pool; cheap, the same object until the pool changes. */
  public PoolSnapshot snapshot() {
    return snapshot;
  }

  /** Stops new placements on ACTIVE node {@code id}; repeating it is harmless. */
  public synchronized void drain(String id) {
    transition(id, NodeState.DRAINING, NodeState.ACTIVE, NodeState.DRAINING);
  }

  /** Hands node {@code id} to the operator, whatever its state. */
  public synchronized void maintenance(String id) {
    transition(id, NodeState.MAINTENANCE, NodeState.values());
  }

  /**
   * Returns a DRAINING or MAINTENANCE node to service. A DOWN node comes back only through the
   * health check, which proves it reachable first.
   */
  public synchronized void activate(String id) {
    transition(id, NodeState.ACTIVE, NodeState.DRAINING, NodeState.MAINTENANCE, NodeState.ACTIVE);
  }

  /**
   * Connects to (reconnecting if the held connection died) and probes every node not in
   * MAINTENANCE; updates capacities and moves nodes between ACTIVE and DOWN.
   *
   * <p>Probes run without holding the registry lock, so a slow node does not block placements; a
   * result is applied only if the node was not changed meanwhile by an operator.
   */
  public HealthReport checkHealth() {
    List<PooledNode> toCheck = new ArrayList<>();
    for (PooledNode pooled : snapshot().nodes()) {
      if (pooled.node().state() != NodeState.MAINTENANCE) {
        toCheck.add(pooled);
      }
    }
    Map<String, NodeState> states = new HashMap<>();
    Map<String, String> failures = new HashMap<>();
    for (PooledNode checked : toCheck) {
      Node node = checked.node();
      Optional<NodeCapacity> probed;
      try {
        probed = Optional.of(probe.probe(connections.get(node.uri())));
      } catch (LibvirtOperationException e) {
        LOG.log(Level.WARNING, "node {0} ({1}) unreachable: {2}", node.id(), node.uri(), e);
        failures.put(node.id(), e.getMessage());
        probed = Optional.empty();
      }
      apply(checked, probed).ifPresent(state -> states.put(node.id(), state));
    }
    return new HealthReport(states, failures);
  }

  private synchronized Optional<NodeState> apply(
      PooledNode checked, Optional<NodeCapacity> probed) {
    PooledNode current = nodes.get(checked.node().id());
    if (current == null || !current.node().equals(checked.node())) {
      // Removed or re-stated by an operator while we probed: their decision wins.
      return Optional.ofNullable(current).map(p -> p.node().state());
    }
    Node node = current.node();
    NodeState next = node.state();
    if (probed.isPresent() && next == NodeState.DOWN) {
      next = NodeState.ACTIVE;
    } else if (probed.isEmpty() && next == NodeState.ACTIVE) {
      next = NodeState.DOWN;
    }
    Optional<NodeCapacity> capacity = probed.isPresent() ? probed : current.capacity();
    PooledNode updated = new PooledNode(node.withState(next), capacity);
    if (!updated.equals(current)) {
      put(updated);
    }
    return Optional.of(next);
  }

  private void transition(String id, NodeState target, NodeState... allowedFrom) {
    PooledNode current = nodes.get(id);
    if (current == null) {
      throw new IllegalArgumentException("unknown node: " + id);
    }
    NodeState from = current.node().state();
    if (!List.of(allowedFrom).contains(from)) {
      throw new IllegalStateException("node " + id + " cannot go from " + from + " to " + target);
    }
    if (from != target) {
      put(new PooledNode(current.node().withState(target), current.capacity()));
    }
  }

  private void requireUnknown(String id) {
    if (nodes.containsKey(id)) {
      throw new IllegalArgumentException("node already registered: " + id);
    }
  }

  private void put(PooledNode pooled) {
    nodes.put(pooled.node().id(), pooled);
    publish();
  }

  private void publish() {
    version++;
    snapshot = new PoolSnapshot(version, new ArrayList<>(nodes.values()));
  }
}
