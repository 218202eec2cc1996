package dev.hangar.marketplace.deployment;

import dev.hangar.context.SeedGenerator;
import dev.hangar.context.SeedIsoWriter;
import dev.hangar.deployer.CacheConfig;
import dev.hangar.deployer.Deployer;
import dev.hangar.deployer.NodeLayout;
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

  /** Stages content straight from the content store, which verifies every chunk it reads. */
  @Produces
  @Singleton
  Deployer deployer(LibvirtConnections connections, ContentStore store, HangarConfig config) {
    PartitionSource source = digestHex -> store.openPartition(Digest.parse("sha256:" + digestHex));
    HangarConfig.Deployer d = config.deployer();
    NodeLayout layout =
        new NodeLayout(d.pool(), d.poolDir(), d.consoleDir(), "x86_64", d.network());
    CacheConfig cache =
        new CacheConfig(
            d.stateDir(), d.cacheCap().map(MemorySize::asLongValue).orElse(Long.MAX_VALUE));
    return new Deployer(
        connections,
        source,
        layout,
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
