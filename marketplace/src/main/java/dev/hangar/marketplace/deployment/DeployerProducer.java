package dev.hangar.marketplace.deployment;

import dev.hangar.context.SeedGenerator;
import dev.hangar.context.SeedIsoWriter;
import dev.hangar.deployer.CacheConfig;
import dev.hangar.deployer.Deployer;
import dev.hangar.deployer.NodeLayout;
import dev.hangar.deployer.NodeLayouts;
import dev.hangar.deployer.PartitionSource;
import dev.hangar.deployer.domain.KvmDetector;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.store.ContentStore;
import dev.hangar.store.Digest;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** CDI wiring of the framework-free deployer and contextualization cores. */
@ApplicationScoped
public class DeployerProducer {

  /** One libvirt connection per node URI for the whole service, closed on shutdown. */
  @Produces
  @Singleton
  LibvirtConnections connections() {
    return new LibvirtConnections();
  }

  void close(@Disposes LibvirtConnections connections) {
    connections.close();
  }

  /**
   * Every node's layout: the configured pool, console directory and network, with the storage pool
   * of configured nodes that name their own ({@code hangar.deployer.nodes.<name>.pool}).
   */
  @Produces
  @Singleton
  NodeLayouts nodeLayouts(HangarConfig config) {
    HangarConfig.Deployer d = config.deployer();
    NodeLayout layout =
        new NodeLayout(d.pool(), d.poolDir(), d.consoleDir(), "x86_64", d.network());
    Map<String, NodeLayout> own = new HashMap<>();
    for (HangarConfig.NodeConfig node : d.nodes().values()) {
      node.pool()
          .ifPresent(
              pool ->
                  own.put(
                      node.uri(),
                      layout.withPool(
                          pool, node.poolDir().orElse(d.poolDir().resolveSibling(pool)))));
    }
    return new NodeLayouts(layout, own);
  }

  /** Stages content straight from the content store, which verifies every chunk it reads. */
  @Produces
  @Singleton
  Deployer deployer(
      LibvirtConnections connections,
      ContentStore store,
      HangarConfig config,
      NodeLayouts layouts) {
    PartitionSource source = digestHex -> store.openPartition(Digest.parse("sha256:" + digestHex));
    HangarConfig.Deployer d = config.deployer();
    CacheConfig cache =
        new CacheConfig(
            d.stateDir(), d.cacheCap().map(MemorySize::asLongValue).orElse(Long.MAX_VALUE));
    return new Deployer(
        connections,
        source,
        layouts,
        new KvmDetector(KvmDetector.DEV_KVM),
        cache,
        Clock.systemUTC());
  }

  @Produces
  @Singleton
  SeedGenerator seedGenerator() {
    return new SeedGenerator();
  }

  @Produces
  @Singleton
  SeedIsoWriter seedIsoWriter() {
    return new SeedIsoWriter();
  }
}
