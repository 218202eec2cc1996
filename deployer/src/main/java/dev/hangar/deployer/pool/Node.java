package dev.hangar.deployer.pool;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One hypervisor host of the pool.
 *
 * @param id stable identifier, unique in the pool
 * @param uri libvirt connection URI, e.g. {@code qemu:///system}, {@code qemu+ssh://host/system},
 *     {@code qemu+tls://host/system}, {@code xen://host/}, {@code esx://host/} or {@code
 *     test:///path/to/node.xml}
 * @param state whether the node accepts placements
 * @param labels operator-defined key/value labels (e.g. {@code disk=ssd}) placements may require
 * @param site where the node is, e.g. a data-centre name; placements may restrict trusted sites
 */
public record Node(
    String id, String uri, NodeState state, Map<String, String> labels, String site) {
  /** libvirt driver schemes the deployer knows how to address. */
  public static final Set<String> SUPPORTED_SCHEMES =
      Set.of("qemu", "qemu+ssh", "qemu+tls", "qemu+tcp", "qemu+unix", "xen", "esx", "test");

  /** Validates the id, the URI's driver scheme, and copies the labels. */
  public Node {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("blank node id");
    }
    Objects.requireNonNull(uri, "uri");
    String scheme = scheme(uri);
    if (!SUPPORTED_SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException("unsupported libvirt URI scheme '" + scheme + "': " + uri);
    }
    Objects.requireNonNull(state, "state");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(site, "site");
  }

  /** An {@link NodeState#ACTIVE} node without labels. */
  public static Node active(String id, String uri, String site) {
    return new Node(id, uri, NodeState.ACTIVE, Map.of(), site);
  }

  /** This node with {@code newState}. */
  public Node withState(NodeState newState) {
    return new Node(id, uri, newState, labels, site);
  }

  /** The libvirt driver part of the URI scheme: {@code qemu} for {@code qemu+ssh}. */
  public String driver() {
    String scheme = scheme(uri);
    int plus = scheme.indexOf('+');
    return plus < 0 ? scheme : scheme.substring(0, plus);
  }

  private static String scheme(String uri) {
    try {
      String scheme = new URI(uri).getScheme();
      if (scheme == null) {
        throw new IllegalArgumentException("libvirt URI without scheme: " + uri);
      }
      return scheme;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed libvirt URI: " + uri, e);
    }
  }
}
