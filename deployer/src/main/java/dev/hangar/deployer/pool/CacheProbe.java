package dev.hangar.deployer.pool;

import dev.hangar.deployer.libvirt.LibvirtOperationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * Lists the content-addressed volumes of a node's image cache pool, read-only: unlike staging, it
 * never creates the pool, so probing a fresh node changes nothing on it.
 */
public final class CacheProbe {
  private static final String PREFIX = "sha256-";

  private final String poolName;

  /** Reads the cache kept in storage pool {@code poolName}. */
  public CacheProbe(String poolName) {
    this.poolName = poolName;
  }

  /**
   * What the cache on {@code connection}'s node holds; empty when the pool does not exist yet.
   *
   * @throws LibvirtOperationException if libvirt fails to answer
   */
  public CacheContents read(Connect connection) {
    return read(connection, poolName);
  }

  /**
   * What the cache kept in storage pool {@code poolName} on {@code connection}'s node holds, for
   * nodes whose cache is not in the default pool; empty when the pool does not exist yet.
   *
   * @throws LibvirtOperationException if libvirt fails to answer
   */
  public CacheContents read(Connect connection, String poolName) {
    StoragePool pool;
    try {
      pool = connection.storagePoolLookupByName(poolName);
    } catch (LibvirtException e) {
      if (e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_STORAGE_POOL) {
        return CacheContents.empty();
      }
      throw new LibvirtOperationException("look up pool " + poolName, e);
    }
    try {
      if (pool.isActive() != 1) {
        return CacheContents.empty();
      }
      pool.refresh(0);
      long capacity = pool.getInfo().capacity;
      List<CacheContents.CachedVolume> volumes = new ArrayList<>();
      for (String name : Arrays.stream(pool.listVolumes()).sorted().toList()) {
        if (!name.startsWith(PREFIX)) {
          continue;
        }
        StorageVol volume = pool.storageVolLookupByName(name);
        try {
          volumes.add(
              new CacheContents.CachedVolume(
                  "sha256:" + name.substring(PREFIX.length()),
                  volume.getInfo().capacity,
                  volume.getPath()));
        } finally {
          volume.free();
        }
      }
      return new CacheContents(capacity, volumes);
    } catch (LibvirtException e) {
      throw new LibvirtOperationException("list cache pool " + poolName, e);
    } finally {
      try {
        pool.free();
      } catch (LibvirtException e) {
        // The handle is being dropped; failing to free it leaks nothing on the node.
      }
    }
  }
}
