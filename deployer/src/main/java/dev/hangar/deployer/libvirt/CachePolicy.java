package dev.hangar.deployer.libvirt;

import static dev.hangar.deployer.libvirt.LibvirtCalls.call;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * Least-recently-used eviction of the content-addressed ({@code sha256-*}) volumes of one node's
 * image cache under a size cap, never evicting a volume that is pinned.
 *
 * <p>A volume is <em>pinned</em> when, per libvirt at eviction time (never per this process's
 * memory, which a restart or another deployer would make stale), any defined domain, running or
 * not, has a disk, kernel or initrd whose source is the volume's path, or any volume of the pool
 * (an overlay) has it as backing file.
 *
 * <p>Last use is kept in a sidecar properties file on the deployer's side ({@code volume = epoch
 * millis}), replaced atomically on every change, so it survives restarts. A file rather than volume
 * timestamps because libvirt reports access times only for some pool types and file systems mounted
 * {@code noatime} never update them; rather than a volume because libvirt cannot read a volume's
 * content without a stream download the test driver lacks. A volume with no recorded use (staged by
 * an older deployer) counts as used when first seen, so it is not evicted at once. Each call reads
 * and rewrites the sidecar; instances sharing one must be used by one thread at a time ({@code
 * Deployer} serialises its calls per node).
 */
public final class CachePolicy {
  private static final String PREFIX = "sha256-";

  private final NodeImageCache cache;
  private final Connect connection;
  private final PropertiesFile lastUse;
  private final Clock clock;

  /** Applies the policy to {@code cache} on {@code connection}, recording uses in the sidecar. */
  public CachePolicy(NodeImageCache cache, Connect connection, Path lastUseFile, Clock clock) {
    this.cache = cache;
    this.connection = connection;
    this.lastUse =
        new PropertiesFile(lastUseFile, "hangar node cache: volume = last use (epoch millis)");
    this.clock = clock;
  }

  /** Records that {@code volumeName} was used (staged or booted from) now. */
  public synchronized void touch(String volumeName) {
    touchAll(List.of(volumeName));
  }

  /** Records that all of {@code volumeNames} were used now, in one write of the sidecar. */
  public synchronized void touchAll(Collection<String> volumeNames) {
    Properties uses = load();
    String now = Long.toString(clock.millis());
    for (String name : volumeNames) {
      uses.setProperty(name, now);
    }
    store(uses);
  }

  /**
   * Deletes unpinned {@code sha256-*} volumes, least recently used first, until those volumes
   * together take at most {@code capBytes} (by capacity); returns what was evicted and what
   * remains, which exceeds the cap only when the rest is pinned.
   */
  public synchronized EvictionReport enforce(long capBytes) {
    return enforce(capBytes, Set.of());
  }

  /**
   * As {@link #enforce(long)}, also treating the volumes named in {@code keep} as pinned (a deploy
   * in progress: staged for a domain that is not defined yet).
   */
  public synchronized EvictionReport enforce(long capBytes, Set<String> keep) {
    Properties uses = load();
    List<CachedVolume> entries = new ArrayList<>(entries(uses));
    long total = entries.stream().mapToLong(CachedVolume::sizeBytes).sum();
    entries.sort(Comparator.comparingLong(CachedVolume::lastUse).thenComparing(CachedVolume::name));
    List<String> evicted = new ArrayList<>();
    for (CachedVolume entry : entries) {
      if (total <= capBytes) {
        break;
      }
      if (!entry.pinned() && !keep.contains(entry.name())) {
        cache.deleteVolume(entry.name());
        uses.remove(entry.name());
        evicted.add(entry.name());
        total -= entry.size();
      }
    }
    store(uses);
    return new EvictionReport(evicted, total);
  }

  /**
   * Makes room for {@code incomingBytes} more under {@code capBytes} by evicting as {@link
   * #enforce(long, Set)} does.
   *
   * @throws CacheFullException if pinned volumes and {@code keep} leave too little room
   */
  public synchronized EvictionReport makeRoom(long incomingBytes, long capBytes, Set<String> keep) {
    if (incomingBytes > capBytes) {
      throw new CacheFullException(incomingBytes, capBytes, 0);
    }
    EvictionReport report = enforce(capBytes - incomingBytes, keep);
    if (report.remainingBytes() + incomingBytes > capBytes) {
      throw new CacheFullException(incomingBytes, capBytes, report.remainingBytes());
    }
    return report;
  }

  /** The {@code sha256-*} volumes with their size, last use and whether they are pinned now. */
  public synchronized List<CachedVolume> volumes() {
    Properties uses = load();
    List<CachedVolume> entries = entries(uses);
    store(uses);
    return entries;
  }

  private List<CachedVolume> entries(Properties uses) {
    long now = clock.millis();
    Set<String> pinned = pinnedPaths();
    List<CachedVolume> entries = new ArrayList<>();
    StoragePool pool =
        call("look up pool", () -> connection.storagePoolLookupByName(cache.poolName()));
    for (String name : cache.volumes()) {
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      StorageVol volume = call("look up volume " + name, () -> pool.storageVolLookupByName(name));
      long size = call("inspect volume " + name, () -> volume.getInfo().capacity);
      String path = call("get path of " + name, volume::getPath);
      if (uses.getProperty(name) == null) {
        uses.setProperty(name, Long.toString(now));
      }
      entries.add(
          new CachedVolume(
              name, size, Long.parseLong(uses.getProperty(name)), pinned.contains(path)));
    }
    return entries;
  }

  /**
   * Node paths that must not be deleted: sources of every defined domain's disks, kernel and
   * initrd, and backing files of the pool's volumes.
   */
  public Set<String> pinnedPaths() {
    Set<String> paths = new HashSet<>();
    for (String name : DomainNames.all(connection)) {
      DomainNames.xml(connection, name)
          .ifPresent(
              xml ->
                  paths.addAll(
                      LibvirtXml.values(
                          xml,
                          "/domain/devices/disk/source/@file | /domain/os/kernel | /domain/os/initrd")));
    }
    StoragePool pool =
        call("look up pool", () -> connection.storagePoolLookupByName(cache.poolName()));
    for (String name : cache.volumes()) {
      StorageVol volume = call("look up volume " + name, () -> pool.storageVolLookupByName(name));
      paths.addAll(
          LibvirtXml.values(
              call("read XML of " + name, () -> volume.getXMLDesc(0)),
              "/volume/backingStore/path"));
    }
    return paths;
  }

  private Properties load() {
    return lastUse.load();
  }

  private void store(Properties uses) {
    lastUse.store(uses);
  }

  /**
   * One content-addressed volume of the cache.
   *
   * @param name volume name, {@code sha256-<hex>}
   * @param sizeBytes capacity in bytes
   * @param lastUse last staging or deploy that used it, epoch millis
   * @param pinned whether a defined domain or an overlay uses it, so it cannot be evicted
   */
  public record CachedVolume(String name, long sizeBytes, long lastUse, boolean pinned) {
    long size() {
      return sizeBytes;
    }
  }

  /**
   * Outcome of one {@link #enforce} pass.
   *
   * @param evicted deleted volumes, least recently used first
   * @param remainingBytes total capacity of the {@code sha256-*} volumes left
   */
  public record EvictionReport(List<String> evicted, long remainingBytes) {
    /** Copies the list. */
    public EvictionReport {
      evicted = List.copyOf(evicted);
    }
  }
}
