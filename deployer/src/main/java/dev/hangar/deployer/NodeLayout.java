package dev.hangar.deployer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a node keeps deployer state.
 *
 * @param poolName libvirt storage pool of the node cache
 * @param poolDir node directory of that pool
 * @param consoleLogDir node directory for serial console logs; must exist on the node
 * @param arch guest architecture, e.g. {@code x86_64}
 * @param network libvirt network the VMs' NIC joins, or empty for QEMU user-mode networking
 */
public record NodeLayout(
    String poolName, Path poolDir, Path consoleLogDir, String arch, Optional<String> network) {
  /** Rejects missing fields. */
  public NodeLayout {
    Objects.requireNonNull(poolName, "poolName");
    Objects.requireNonNull(poolDir, "poolDir");
    Objects.requireNonNull(consoleLogDir, "consoleLogDir");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(network, "network");
  }

  /** A layout whose VMs get QEMU user-mode networking. */
  public NodeLayout(String poolName, Path poolDir, Path consoleLogDir, String arch) {
    this(poolName, poolDir, consoleLogDir, arch, Optional.empty());
  }

  /** This layout with the image cache in storage pool {@code name}, rooted at {@code dir}. */
  public NodeLayout withPool(String name, Path dir) {
    return new NodeLayout(name, dir, consoleLogDir, arch, network);
  }
}
