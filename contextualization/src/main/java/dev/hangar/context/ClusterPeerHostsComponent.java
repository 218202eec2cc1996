package dev.hangar.context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code cluster-peer-hosts}: appends one {@code /etc/hosts} line per peer so cluster members
 * resolve each other without DNS. {@code CLUSTER_PEERS} lists them comma-separated as {@code
 * hostname=ipv4}, e.g. {@code node-1=10.0.0.2,node-2=10.0.0.3}.
 */
public final class ClusterPeerHostsComponent implements Component {
  public static final String HOSTS_FILE = "/etc/hosts";

  @Override
  public String name() {
    return "cluster-peer-hosts";
  }

  @Override
  public void contribute(ComponentContext context, CloudConfigBuilder config) {
    Map<String, Ipv4Address> peers = new LinkedHashMap<>();
    for (String entry : context.require("CLUSTER_PEERS").split(",", -1)) {
      String[] parts = entry.strip().split("=", -1);
      if (parts.length != 2 || !Fields.HOSTNAME.matcher(parts[0]).matches()) {
        throw context.problem("CLUSTER_PEERS", "entry '" + entry + "' is not hostname=ipv4");
      }
      Ipv4Address address;
      try {
        address = Ipv4Address.parse(parts[1]);
      } catch (IllegalArgumentException e) {
        throw context.problem("CLUSTER_PEERS", "entry '" + entry + "' has no valid IPv4 address");
      }
      if (peers.put(parts[0], address) != null) {
        throw context.problem("CLUSTER_PEERS", "names " + parts[0] + " twice");
      }
    }
    StringBuilder lines = new StringBuilder("# hangar cluster peers\n");
    peers.forEach((host, ip) -> lines.append(ip).append(' ').append(host).append('\n'));
    config.addFile(FileSpec.text(HOSTS_FILE, lines.toString()).appending());
  }
}
