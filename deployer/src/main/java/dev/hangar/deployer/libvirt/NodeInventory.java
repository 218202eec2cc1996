package dev.hangar.deployer.libvirt;

import static dev.hangar.deployer.libvirt.LibvirtCalls.call;
import static dev.hangar.deployer.libvirt.LibvirtCalls.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

/**
 * Reads, without changing anything, which domains a node has (with their states) and which volumes
 * its image cache pool holds. A domain that disappears while being listed is left out.
 */
public final class NodeInventory {
  private final Connect connection;
  private final String poolName;

  /** Reads the node behind {@code connection}, whose cache is storage pool {@code poolName}. */
  public NodeInventory(Connect connection, String poolName) {
    this.connection = connection;
    this.poolName = poolName;
  }

  /**
   * Every defined or running domain, by name, with its state.
   *
   * @throws LibvirtOperationException if the node does not answer
   */
  public Map<String, VmState> domains() {
    Map<String, VmState> out = new HashMap<>();
    for (String name : DomainNames.all(connection)) {
      stateOf(name).ifPresent(s -> out.put(name, s));
    }
    return out;
  }

  /**
   * Names of the volumes in the cache pool; empty when the pool does not exist or is inactive.
   *
   * @throws LibvirtOperationException if the node does not answer
   */
  public Set<String> volumes() {
    StoragePool pool;
    try {
      pool = connection.storagePoolLookupByName(poolName);
    } catch (LibvirtException e) {
      if (LibvirtErrors.isNotFound(e)) {
        return Set.of();
      }
      throw new LibvirtOperationException("look up pool " + poolName, e);
    }
    if (call("query pool " + poolName, pool::isActive) != 1) {
      return Set.of();
    }
    run("refresh pool " + poolName, () -> pool.refresh(0));
    return Set.copyOf(List.of(call("list volumes of " + poolName, pool::listVolumes)));
  }

  private Optional<VmState> stateOf(String name) {
    return new VmLifecycle(connection).state(name);
  }
}
