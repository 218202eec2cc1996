package dev.hangar.deployer.libvirt;

import static dev.hangar.deployer.libvirt.LibvirtCalls.call;
import static dev.hangar.deployer.libvirt.LibvirtCalls.run;

import dev.hangar.deployer.domain.DacLabel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.Stream;

/**
 * The node-side image cache: a libvirt {@code dir} storage pool whose volumes are uploaded through
 * libvirt streams, so the deployer never needs file-system access to the node.
 *
 * <p>The pool is defined, built and started on first use if missing. Methods are synchronized: two
 * uploads of the same content through one instance must not race to create the same volume.
 *
 * <p>Ownership: on a node whose libvirt reports a DAC base label (the user and group QEMU runs as,
 * see {@link DacLabel}), volumes are created with fixed permissions, since domains are defined with
 * relabelling off: content and seed ISOs owned by root and readable by QEMU's group ({@code 0640}),
 * overlays and blank disks owned by QEMU's user ({@code 0600}). A content volume with other
 * permissions (staged before, or changed on the node) does not count as complete and is staged
 * again. Nodes without a DAC label get libvirt's defaults and its dynamic relabelling.
 */
public final class NodeImageCache {
  private static final System.Logger LOG = System.getLogger(NodeImageCache.class.getName());
  private static final int CHUNK_BYTES = 256 * 1024;

  private final Connect connection;
  private final String poolName;
  private final Path poolDir;
  private Optional<DacLabel> guest; // null until read from the node's capabilities

  /**
   * Manages pool {@code poolName} rooted at node directory {@code poolDir}; reads the node's DAC
   * label from its capabilities when first needed.
   */
  public NodeImageCache(Connect connection, String poolName, Path poolDir) {
    this.connection = connection;
    this.poolName = poolName;
    this.poolDir = poolDir;
  }

  /**
   * As {@link #NodeImageCache(Connect, String, Path)}, with the node's DAC label already known
   * ({@link DacLabel#fromCapabilities} of this node's capabilities).
   */
  public NodeImageCache(
      Connect connection, String poolName, Path poolDir, Optional<DacLabel> guest) {
    this(connection, poolName, poolDir);
    this.guest = guest;
  }

  /** Name of the managed pool. */
  public String poolName() {
    return poolName;
  }

  /**
   * Returns the path of raw volume {@code name} holding exactly {@code size} bytes, uploading it
   * from {@code source} only if it is absent or incomplete.
   *
   * <p>A volume counts as complete when its capacity equals {@code size} and its allocation covers
   * it: uploads write every byte, so a crash mid-upload leaves allocation short of capacity.
   */
  public String ensureVolume(String name, long size, StreamSupplier source) {
    return ensureVolume(name, size, source, UploadProgress.NONE);
  }

  /** As {@link #ensureVolume(String, long, StreamSupplier)}, reporting upload progress. */
  public synchronized String ensureVolume(
      String name, long size, StreamSupplier source, UploadProgress progress) {
    StoragePool pool = pool();
    Optional<StorageVol> existing = lookup(pool, name);
    if (existing.isPresent()) {
      Optional<String> incomplete = incompleteness(existing.get(), name, size);
      if (incomplete.isEmpty()) {
        progress.onProgress(size, size);
        return path(existing.get());
      }
      LOG.log(Level.WARNING, "volume {0} {1}; re-uploading", name, incomplete.get());
      deleteVolume(name);
    }
    return upload(pool, name, size, source, progress);
  }

  /**
   * True when raw volume {@code name} exists and is complete for {@code size} bytes, i.e. {@link
   * #ensureVolume} would not upload anything.
   */
  public synchronized boolean hasComplete(String name, long size) {
    return lookup(pool(), name)
        .map(volume -> incompleteness(volume, name, size).isEmpty())
        .orElse(false);
  }

  /**
   * The user and group QEMU runs as on this node, if its libvirt reports a DAC label; domains
   * booting from this cache must run as this label with relabelling off.
   */
  public synchronized Optional<DacLabel> guestLabel() {
    if (guest == null) {
      guest =
          DacLabel.fromCapabilities(
              call("read capabilities of the node", connection::getCapabilities));
    }
    return guest;
  }

  /**
   * Why content volume {@code volume} cannot be used as the complete {@code size} bytes, or empty
   * if it can: a short allocation (a crash mid-upload, since uploads write every byte) or, on nodes
   * with a DAC label, permissions other than those this cache gives content.
   */
  private Optional<String> incompleteness(StorageVol volume, String name, long size) {
    LibvirtXml xml = LibvirtXml.parse(call("describe volume " + name, () -> volume.getXMLDesc(0)));
    long capacity = Long.parseLong(xml.string("/volume/capacity"));
    long allocation = Long.parseLong(xml.string("/volume/allocation"));
    if (capacity != size || allocation < size) {
      return Optional.of(
          "is incomplete (capacity "
              + capacity
              + ", allocation "
              + allocation
              + ", expected "
              + size
              + ")");
    }
    Optional<VolumePermissions> wanted = contentPermissions();
    if (wanted.isPresent()) {
      String actual = VolumeStamp.permissionsOf(xml);
      if (!actual.equals(wanted.get().stampForm())) {
        return Optional.of(
            "has permissions " + actual + " (mode:owner:group), not " + wanted.get().stampForm());
      }
    }
    return Optional.empty();
  }

  private Optional<VolumePermissions> contentPermissions() {
    return guestLabel().map(VolumePermissions::readOnlyFor);
  }

  private Optional<VolumePermissions> guestWritablePermissions() {
    return guestLabel().map(VolumePermissions::writableBy);
  }

  /**
   * What libvirt reports about volume {@code name}'s file right now (it re-reads the file for every
   * description); empty when the pool reports no change time.
   *
   * @throws LibvirtOperationException if the volume is missing
   */
  public synchronized Optional<VolumeStamp> stamp(String name) {
    StorageVol volume =
        lookup(pool(), name)
            .orElseThrow(() -> new LibvirtOperationException("volume " + name + " is missing"));
    return VolumeStamp.fromVolumeXml(call("describe volume " + name, () -> volume.getXMLDesc(0)));
  }

  /** Creates (replacing any previous one) raw volume {@code name} holding {@code content}. */
  public synchronized String createVolumeFromBytes(String name, byte[] content) {
    deleteVolume(name);
    return upload(
        pool(), name, content.length, () -> new ByteArrayInputStream(content), UploadProgress.NONE);
  }

  /** Creates a sparse raw volume of {@code size} bytes; it reads as zeros. */
  public synchronized String createBlank(String name, long size) {
    StoragePool pool = pool();
    StorageVol volume =
        call(
            "create blank volume " + name,
            () ->
                pool.storageVolCreateXML(
                    StorageXml.rawVolume(name, size, guestWritablePermissions()), 0));
    return path(volume);
  }

  /**
   * Creates qcow2 volume {@code overlayName} backed by raw volume {@code baseVolumeName}, without
   * copying: guest writes land in the overlay, reads of unwritten blocks come from the base.
   */
  public synchronized String createOverlay(String baseVolumeName, String overlayName) {
    StoragePool pool = pool();
    StorageVol base =
        lookup(pool, baseVolumeName)
            .orElseThrow(
                () -> new LibvirtOperationException("base volume missing: " + baseVolumeName));
    long capacity = call("inspect volume " + baseVolumeName, () -> base.getInfo().capacity);
    String xml =
        StorageXml.qcow2Overlay(overlayName, capacity, path(base), guestWritablePermissions());
    return path(call("create overlay " + overlayName, () -> pool.storageVolCreateXML(xml, 0)));
  }

  /** Deletes volume {@code name}; deleting an absent volume succeeds. */
  public synchronized void deleteVolume(String name) {
    Optional<StorageVol> volume = lookup(pool(), name);
    if (volume.isEmpty()) {
      return;
    }
    try {
      volume.get().delete(0);
    } catch (LibvirtException e) {
      if (!LibvirtErrors.isNotFound(e)) {
        throw new LibvirtOperationException("delete volume " + name, e);
      }
    }
  }

  /** Names of all volumes in the pool, sorted. */
  public synchronized List<String> volumes() {
    StoragePool pool = pool();
    String[] names = call("list volumes of " + poolName, pool::listVolumes);
    return Arrays.stream(names).sorted().toList();
  }

  /** Node path of volume {@code name}, if it exists. */
  public synchronized Optional<String> volumePath(String name) {
    return lookup(pool(), name).map(NodeImageCache::path);
  }

  /**
   * Deletes every volume, then stops, removes (its directory) and undefines the pool; a missing
   * pool is fine. Meant for tearing down test or decommissioned nodes.
   */
  public synchronized void removePool() {
    StoragePool pool;
    try {
      pool = connection.storagePoolLookupByName(poolName);
    } catch (LibvirtException e) {
      if (LibvirtErrors.isNotFound(e)) {
        return;
      }
      throw new LibvirtOperationException("look up pool " + poolName, e);
    }
    if (call("query pool " + poolName, pool::isActive) == 1) {
      for (String name : volumes()) {
        deleteVolume(name);
      }
      run("stop pool " + poolName, pool::destroy);
    }
    run("delete pool directory of " + poolName, () -> pool.delete(0));
    run("undefine pool " + poolName, pool::undefine);
  }

  /**
   * Re-reads volume {@code name} through a libvirt download stream and checks that its SHA-256 is
   * {@code digestHex}; the volume is left as it is either way, so a mismatch can be investigated.
   *
   * @throws VolumeDigestMismatchException if the volume holds other bytes than the digest names
   * @throws LibvirtOperationException if the volume is missing or cannot be read
   */
  public synchronized void verifyVolume(String name, String digestHex) {
    StorageVol volume =
        lookup(pool(), name)
            .orElseThrow(() -> new LibvirtOperationException("volume " + name + " is missing"));
    String actual = HexFormat.of().formatHex(download(volume, name));
    if (!actual.equals(digestHex.toLowerCase(Locale.ROOT))) {
      throw new VolumeDigestMismatchException(name, digestHex, actual);
    }
  }

  private byte[] download(StorageVol volume, String name) {
    MessageDigest sha256 = sha256();
    Stream stream = call("open stream for " + name, () -> connection.streamNew(0));
    boolean finished = false;
    try {
      // Length 0 means "to the end of the volume"; flags 0 streams every byte, holes included.
      volume.download(stream, 0, 0, 0);
      byte[] buffer = new byte[CHUNK_BYTES];
      int read;
      while ((read = stream.receive(buffer)) > 0) {
        sha256.update(buffer, 0, read);
      }
      if (read < 0) {
        throw new LibvirtOperationException("download of volume " + name + " stalled");
      }
      stream.finish();
      finished = true;
      return sha256.digest();
    } catch (LibvirtException e) {
      throw new LibvirtOperationException("download volume " + name, e);
    } finally {
      if (!finished) {
        abortQuietly(stream, name);
      }
      freeQuietly(stream, name);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-256", e);
    }
  }

  private StoragePool pool() {
    StoragePool pool;
    try {
      pool = connection.storagePoolLookupByName(poolName);
    } catch (LibvirtException e) {
      if (!LibvirtErrors.isNotFound(e)) {
        throw new LibvirtOperationException("look up pool " + poolName, e);
      }
      String xml = StorageXml.dirPool(poolName, poolDir);
      pool = call("define pool " + poolName, () -> connection.storagePoolDefineXML(xml, 0));
    }
    StoragePool defined = pool;
    if (call("query pool " + poolName, defined::isActive) == 0) {
      // build() creates the directory (idempotent for dir pools); create() starts the pool and
      // scans existing files, so volumes left by an earlier run are found again.
      run("build pool " + poolName, () -> defined.build(0));
      run("start pool " + poolName, () -> defined.create(0));
    }
    return defined;
  }

  private String upload(
      StoragePool pool, String name, long size, StreamSupplier source, UploadProgress progress) {
    StorageVol volume =
        call(
            "create volume " + name,
            () ->
                pool.storageVolCreateXML(
                    StorageXml.rawVolume(name, size, contentPermissions()), 0));
    try {
      streamInto(volume, name, size, source, progress);
    } catch (RuntimeException e) {
      deleteAfterFailedUpload(volume, name, e);
      throw e;
    }
    return path(volume);
  }

  private void streamInto(
      StorageVol volume, String name, long size, StreamSupplier source, UploadProgress progress) {
    Stream stream = call("open stream for " + name, () -> connection.streamNew(0));
    boolean finished = false;
    try (InputStream in = source.open()) {
      volume.upload(stream, 0, size, 0);
      byte[] buffer = new byte[CHUNK_BYTES];
      long sent = 0;
      int read;
      while ((read = in.read(buffer)) != -1) {
        if (sent + read > size) {
          throw new LibvirtOperationException(
              "content of " + name + " is longer than the declared " + size + " bytes");
        }
        sendFully(stream, buffer, read);
        sent += read;
        progress.onProgress(sent, size);
      }
      if (sent != size) {
        throw new LibvirtOperationException(
            "content of " + name + " ended after " + sent + " of " + size + " bytes");
      }
      stream.finish();
      finished = true;
    } catch (IOException | LibvirtException e) {
      throw new LibvirtOperationException("upload volume " + name, e);
    } finally {
      if (!finished) {
        abortQuietly(stream, name);
      }
      freeQuietly(stream, name);
    }
  }

  private static void sendFully(Stream stream, byte[] buffer, int length) throws LibvirtException {
    byte[] pending = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    while (pending.length > 0) {
      int written = stream.send(pending);
      if (written <= 0) {
        throw new LibvirtOperationException("libvirt stream accepted no data");
      }
      pending = Arrays.copyOfRange(pending, written, pending.length);
    }
  }

  private static void abortQuietly(Stream stream, String name) {
    try {
      stream.abort();
    } catch (LibvirtException e) {
      // The upload already failed and that failure is being reported; abort is best effort.
      LOG.log(Level.DEBUG, "aborting stream for {0} failed: {1}", name, e.getMessage());
    }
  }

  private static void freeQuietly(Stream stream, String name) {
    try {
      stream.free();
    } catch (LibvirtException e) {
      LOG.log(Level.DEBUG, "freeing stream for {0} failed: {1}", name, e.getMessage());
    }
  }

  private static void deleteAfterFailedUpload(StorageVol volume, String name, RuntimeException e) {
    try {
      volume.delete(0);
    } catch (LibvirtException deleteFailure) {
      e.addSuppressed(deleteFailure);
    }
  }

  private static Optional<StorageVol> lookup(StoragePool pool, String name) {
    try {
      return Optional.of(pool.storageVolLookupByName(name));
    } catch (LibvirtException e) {
      if (LibvirtErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw new LibvirtOperationException("look up volume " + name, e);
    }
  }

  private static String path(StorageVol volume) {
    return call("get volume path", volume::getPath);
  }
}
