package dev.hangar.deployer.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.StoragePool;

/**
 * Pool and volume logic against libvirt's {@code test:///default} driver. That driver implements
 * pools and volume creation but not {@code virStorageVolUpload}, so stream uploads are covered by
 * {@code LibvirtdDeployerTest} against the real daemon.
 */
class NodeImageCacheTestDriverTest {
  private final LibvirtConnections connections = new LibvirtConnections();
  private Connect connection;
  private NodeImageCache cache;
  private String poolName;

  @BeforeEach
  void openCache() {
    connection = connections.get("test:///default");
    poolName = "hangar-test-" + System.nanoTime();
    cache = new NodeImageCache(connection, poolName, Path.of("/hangar/" + poolName));
  }

  @AfterEach
  void removePool() {
    cache.removePool();
    connections.close();
  }

  @Test
  void definesBuildsAndStartsTheDirPoolOnFirstUse() throws Exception {
    assertEquals(List.of(), cache.volumes());

    StoragePool pool = connection.storagePoolLookupByName(poolName);
    assertEquals(1, pool.isActive());
    assertEquals(1, pool.isPersistent());
    assertTrue(pool.getXMLDesc(0).contains("<path>/hangar/" + poolName + "</path>"));
  }

  @Test
  void restartsAnInactivePool() throws Exception {
    cache.volumes();
    connection.storagePoolLookupByName(poolName).destroy();

    cache.createBlank("after-restart.img", 4096);

    assertEquals(1, connection.storagePoolLookupByName(poolName).isActive());
    assertEquals(List.of("after-restart.img"), cache.volumes());
  }

  @Test
  void createsBlankVolumeOfRequestedSizeAndReportsItsPath() throws Exception {
    String path = cache.createBlank("vm-data.img", 8 * 1024 * 1024);

    assertEquals("/hangar/" + poolName + "/vm-data.img", path);
    assertEquals(Optional.of(path), cache.volumePath("vm-data.img"));
    assertEquals(
        8L * 1024 * 1024,
        connection
            .storagePoolLookupByName(poolName)
            .storageVolLookupByName("vm-data.img")
            .getInfo()
            .capacity);
  }

  @Test
  void createsQcow2OverlayBackedByRawBaseWithBaseCapacity() throws Exception {
    String basePath = cache.createBlank("sha256-base", 65536);

    String overlayPath = cache.createOverlay("sha256-base", "vm-root.qcow2");

    String xml =
        connection
            .storagePoolLookupByName(poolName)
            .storageVolLookupByName("vm-root.qcow2")
            .getXMLDesc(0);
    assertTrue(xml.contains("<format type='qcow2'/>"), xml);
    assertTrue(xml.contains("<backingStore>\n    <path>" + basePath + "</path>"), xml);
    assertTrue(xml.contains("<capacity unit='bytes'>65536</capacity>"), xml);
    assertEquals("/hangar/" + poolName + "/vm-root.qcow2", overlayPath);
  }

  @Test
  void refusesOverlayOnMissingBase() {
    assertThrows(
        LibvirtOperationException.class, () -> cache.createOverlay("sha256-missing", "x.qcow2"));
    assertFalse(cache.volumes().contains("x.qcow2"));
  }

  @Test
  void deletingVolumeIsIdempotent() {
    cache.createBlank("gone.img", 4096);

    cache.deleteVolume("gone.img");
    cache.deleteVolume("gone.img");

    assertEquals(List.of(), cache.volumes());
    assertEquals(Optional.empty(), cache.volumePath("gone.img"));
  }

  @Test
  void keepsCompleteVolumeWithoutOpeningTheSource() throws Exception {
    cache.volumes();
    // Fully allocated, as an uploaded volume is (the test driver records allocation verbatim).
    connection
        .storagePoolLookupByName(poolName)
        .storageVolCreateXML(
            """
            <volume><name>sha256-present</name>
              <capacity unit='bytes'>4096</capacity><allocation unit='bytes'>4096</allocation>
            </volume>""",
            0);
    AtomicInteger opened = new AtomicInteger();

    String path =
        cache.ensureVolume(
            "sha256-present",
            4096,
            () -> {
              opened.incrementAndGet();
              return new ByteArrayInputStream(new byte[4096]);
            });

    assertEquals(0, opened.get());
    assertEquals(cache.volumePath("sha256-present").orElseThrow(), path);
  }

  @Test
  void replacesVolumeOfWrongSizeAndRemovesItWhenUploadFails() {
    cache.createBlank("sha256-stale", 1000);

    // The test driver cannot upload, so the re-upload fails; the stale and the new volume must
    // both be gone afterwards, never a half-written one left to be trusted.
    LibvirtOperationException failure =
        assertThrows(
            LibvirtOperationException.class,
            () ->
                cache.ensureVolume(
                    "sha256-stale", 4096, () -> new ByteArrayInputStream(new byte[4096])));

    assertTrue(failure.getMessage().contains("upload volume sha256-stale"), failure.getMessage());
    assertEquals(List.of(), cache.volumes());
  }

  @Test
  void listsVolumesSorted() {
    cache.createBlank("b.img", 4096);
    cache.createBlank("a.img", 4096);

    assertEquals(List.of("a.img", "b.img"), cache.volumes());
  }

  @Test
  void removePoolDeletesVolumesAndUndefinesPool() throws Exception {
    cache.createBlank("a.img", 4096);

    cache.removePool();

    assertFalse(List.of(connection.listStoragePools()).contains(poolName));
    assertFalse(List.of(connection.listDefinedStoragePools()).contains(poolName));
    cache.removePool();
  }
}
