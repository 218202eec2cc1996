package dev.hangar.marketplace.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.pool.CacheProbe;
import dev.hangar.deployer.pool.NodePool;
import dev.hangar.deployer.pool.NodeProbe;
import dev.hangar.deployer.scheduler.CacheIndex;
import dev.hangar.deployer.scheduler.Scheduler;
import dev.hangar.deployer.scheduler.SchedulerConfig;
import dev.hangar.marketplace.config.HangarConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI wiring of the framework-free pool and scheduler cores onto the service's database. */
@ApplicationScoped
public class PoolProducer {

  @Produces
  @Singleton
  SchedulerConfig schedulerConfig() {
    return SchedulerConfig.defaults();
  }

  @Produces
  @Singleton
  NodePool nodePool(LibvirtConnections connections) {
    return new NodePool(connections, new NodeProbe());
  }

  @Produces
  @Singleton
  CacheProbe cacheProbe(HangarConfig config) {
    return new CacheProbe(config.deployer().pool());
  }

  @Produces
  @Singleton
  CacheIndex cacheIndex() {
    return new CacheIndex();
  }

  @Produces
  @Singleton
  PgClaimStore claimStore(AgroalDataSource dataSource) {
    return new PgClaimStore(dataSource);
  }

  @Produces
  @Singleton
  NodeRegistry nodeRegistry(AgroalDataSource dataSource, ObjectMapper json) {
    return new NodeRegistry(dataSource, json);
  }

  /** Restores the claims held in the database as this instance's reserved usage. */
  @Produces
  @Singleton
  Scheduler scheduler(
      NodePool pool, CacheIndex cacheIndex, PgClaimStore store, SchedulerConfig config) {
    return new Scheduler(pool, cacheIndex, store, config);
  }
}
