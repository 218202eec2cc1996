package dev.hangar.deployer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a node keeps deployer state.
 *
 * @param poolName libvirt storage pool of the node cache
 * @param poolDir node directory of that pool
 * @param consoleLogDir node directory for serial console logs; must exist on the node
 * @param arch guest architecture, e.g. {@code x86_64}
 */
public record NodeLayout(String poolName, Path poolDir, Path consoleLogDir, String arch) {
  /** Rejects missing fields. */
  public NodeLayout {
    Objects.requireNonNull(poolName, "poolName");
    Objects.requireNonNull(poolDir, "poolDir");
    Objects.requireNonNull(consoleLogDir, "consoleLogDir");
    Objects.requireNonNull(arch, "arch");
  }
}
