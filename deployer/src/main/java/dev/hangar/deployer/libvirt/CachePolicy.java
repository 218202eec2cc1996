package dev.hangar.deployer.libvirt;

import static dev.hangar.deployer.libvirt.LibvirtCalls.call;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

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
 * an older deployer) counts as used when first seen, so it is not evicted at once. Synchronized:
 * one instance per node and sidecar.
 */
public final class CachePolicy {
  private static final String PREFIX = "sha256-";

  private final NodeImageCache cache;
  private final Connect connection;
  private final Path lastUseFile;
  private final Clock clock;

  /** Applies the policy to {@code cache} on {@code connection}, recording uses in the sidecar. */
  public CachePolicy(NodeImageCache cache, Connect connection, Path lastUseFile, Clock clock) {
    this.cache = cache;
    this.connection = connection;
    this.lastUseFile = lastUseFile;
    this.clock = clock;
  }

  /** Records that {@code volumeName} was used (staged or booted from) now. */
  public synchronized void touch(String volumeName) {
    Properties uses = load();
    uses.setProperty(volumeName, Long.toString(clock.millis()));
    store(uses);
  }

  /**
   * Deletes unpinned {@code sha256-*} volumes, least recently used first, until those volumes
   * together take at most {@code capBytes} (by capacity); returns what was evicted and what
   * remains, which exceeds the cap only when the rest is pinned.
   */
  public synchronized EvictionReport enforce(long capBytes) {
    Properties uses = load();
    long now = clock.millis();
    Set<String> pinned = pinnedPaths();
    List<Entry> entries = new ArrayList<>();
    long total = 0;
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
          new Entry(name, size, Long.parseLong(uses.getProperty(name)), pinned.contains(path)));
      total += size;
    }
    entries.sort(Comparator.comparingLong(Entry::lastUse).thenComparing(Entry::name));
    List<String> evicted = new ArrayList<>();
    for (Entry entry : entries) {
      if (total <= capBytes) {
        break;
      }
      if (!entry.pinned()) {
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
   * Node paths that must not be deleted: sources of every defined domain's disks, kernel and
   * initrd, and backing files of the pool's volumes.
   */
  public Set<String> pinnedPaths() {
    Set<String> paths = new HashSet<>();
    Set<String> domains =
        new HashSet<>(List.of(call("list defined domains", connection::listDefinedDomains)));
    for (int id : call("list running domains", connection::listDomains)) {
      Domain domain = call("look up domain " + id, () -> connection.domainLookupByID(id));
      domains.add(call("read domain name", domain::getName));
    }
    for (String name : domains) {
      Domain domain = call("look up domain " + name, () -> connection.domainLookupByName(name));
      String xml = call("read XML of " + name, () -> domain.getXMLDesc(0));
      paths.addAll(
          values(xml, "/domain/devices/disk/source/@file | /domain/os/kernel | /domain/os/initrd"));
    }
    StoragePool pool =
        call("look up pool", () -> connection.storagePoolLookupByName(cache.poolName()));
    for (String name : cache.volumes()) {
      StorageVol volume = call("look up volume " + name, () -> pool.storageVolLookupByName(name));
      paths.addAll(
          values(
              call("read XML of " + name, () -> volume.getXMLDesc(0)),
              "/volume/backingStore/path"));
    }
    return paths;
  }

  private static List<String> values(String xml, String expression) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      NodeList nodes =
          (NodeList)
              XPathFactory.newInstance()
                  .newXPath()
                  .evaluate(
                      expression,
                      factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml))),
                      XPathConstants.NODESET);
      List<String> values = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        values.add(nodes.item(i).getTextContent().trim());
      }
      return values;
    } catch (ParserConfigurationException
        | SAXException
        | IOException
        | XPathExpressionException e) {
      throw new LibvirtOperationException("libvirt returned unparseable XML", e);
    }
  }

  private Properties load() {
    Properties uses = new Properties();
    try (InputStream in = Files.newInputStream(lastUseFile)) {
      uses.load(in);
    } catch (NoSuchFileException e) {
      // First run on this node: nothing recorded yet.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cache last-use file " + lastUseFile, e);
    }
    return uses;
  }

  private void store(Properties uses) {
    try {
      Path parent = lastUseFile.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, lastUseFile.getFileName().toString(), ".tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        uses.store(out, "hangar node cache: volume = last use (epoch millis)");
      }
      Files.move(
          temp, lastUseFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write cache last-use file " + lastUseFile, e);
    }
  }

  private record Entry(String name, long size, long lastUse, boolean pinned) {}

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
