package dev.hangar.marketplace.reconcile;

import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.VmLifecycle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** Drift made by hand on a libvirt test-driver node: domains and per-deployment volumes. */
record SimNode(Supplier<Connect> connection, String pool, Path poolDir) {
  VmLifecycle vm() {
    return new VmLifecycle(connection.get());
  }

  NodeImageCache cache() {
    return new NodeImageCache(connection.get(), pool, poolDir);
  }

  /** Defines and starts a small domain called {@code name}. */
  void start(String name) {
    vm().defineAndStart(
            "<domain type='test'><name>"
                + name
                + "</name><memory unit='MiB'>64</memory>"
                + "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>");
  }

  /** Defines domain {@code name}, shut off (as after a crash or a {@code virsh destroy}). */
  void defineShutOff(String name) throws InterruptedException {
    start(name);
    vm().stop(name, Duration.ZERO);
  }

  /** Creates the seed and root overlay volumes a deploy of {@code domain} makes. */
  void createVolumes(String domain) throws LibvirtException {
    cache().volumes(); // creates the pool
    for (String name : List.of(domain + "-seed.iso", domain + "-root.qcow2")) {
      connection
          .get()
          .storagePoolLookupByName(pool)
          .storageVolCreateXML(
              "<volume><name>%s</name><capacity unit='bytes'>4096</capacity></volume>"
                  .formatted(name),
              0);
    }
  }

  /** How many volumes named after {@code domain} the pool holds. */
  long volumesOf(String domain) {
    return cache().volumes().stream().filter(v -> v.startsWith(domain + "-")).count();
  }
}
