package dev.hangar.deployer;

import java.util.Map;
import java.util.Objects;

/**
 * The {@link NodeLayout} of every node, by libvirt URI: one layout shared by all nodes, except the
 * nodes whose image cache lives in a storage pool of their own (a faster disk on that host, or a
 * second node entry on the same libvirtd that must not share the first one's cache).
 *
 * @param defaults the layout of every node not in {@code byNodeUri}
 * @param byNodeUri layouts of the nodes that differ, keyed by their libvirt URI
 */
public record NodeLayouts(NodeLayout defaults, Map<String, NodeLayout> byNodeUri) {
  /** Rejects a missing default; copies the map. */
  public NodeLayouts {
    Objects.requireNonNull(defaults, "defaults");
    byNodeUri = Map.copyOf(byNodeUri);
  }

  /** The same layout on every node. */
  public static NodeLayouts uniform(NodeLayout layout) {
    return new NodeLayouts(layout, Map.of());
  }

  /** The layout of the node at {@code nodeUri}. */
  public NodeLayout of(String nodeUri) {
    return byNodeUri.getOrDefault(nodeUri, defaults);
  }
}
