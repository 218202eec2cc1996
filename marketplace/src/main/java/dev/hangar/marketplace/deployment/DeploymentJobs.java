package dev.hangar.marketplace.deployment;

import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.jobs.JobQueue;
import dev.hangar.marketplace.jobs.JobWorker;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * This instance's consumer of the deploy job queue: one {@link JobWorker} running the {@link
 * DeploymentRunner}'s deploy and destroy jobs, started after the pool is loaded and stopped with
 * the service. Other instances on the same database run their own worker; the queue gives each job
 * to one of them.
 */
@ApplicationScoped
public class DeploymentJobs {
  /** Job kind: bring a deployment up (or recover it after a crash). */
  public static final String DEPLOY = "deploy";

  /** Job kind: destroy a deployment's VM. */
  public static final String DESTROY = "destroy";

  private final HangarConfig config;
  private final DeploymentRunner runner;
  private final DeploymentRecords records;
  private JobQueue queue;
  private JobWorker worker;

  public DeploymentJobs(HangarConfig config, DeploymentRunner runner, DeploymentRecords records) {
    this.config = config;
    this.runner = runner;
    this.records = records;
  }

  @Produces
  @Singleton
  static JobQueue jobQueue(AgroalDataSource dataSource) {
    return new JobQueue(dataSource, Clock.systemUTC());
  }

  /** Queues what a previous run left without a job, then starts taking jobs. */
  void onStart(@Observes @Priority(20) StartupEvent event, JobQueue jobQueue) {
    this.queue = jobQueue;
    recoverUnqueued();
    HangarConfig.Deployer d = config.deployer();
    worker =
        new JobWorker(
            queue,
            "hangar-"
                + ProcessHandle.current().pid()
                + "-"
                + UUID.randomUUID().toString().substring(0, 8),
            Map.of(DEPLOY, runner::deploy, DESTROY, runner::destroy),
            new JobWorker.Settings(d.workerThreads(), d.jobPoll(), d.jobLease(), d.jobPoll()));
    worker.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    if (worker != null) {
      worker.stop(Duration.ofSeconds(2));
    }
  }

  /**
   * Enqueues a job for every deployment that needs work but has no open job: rows left by a version
   * of the service without the queue, or whose job was lost. Jobs of crashed workers need nothing:
   * their leases run out and they are taken again.
   */
  public void recoverUnqueued() {
    for (DeploymentWork work : records.unfinished()) {
      if (queue.openJobs(work.id()) == 0) {
        queue.enqueue(work.id(), work.state() == DeploymentState.DESTROYING ? DESTROY : DEPLOY);
      }
    }
    wakeUp();
  }

  void onRequested(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentEvents.Requested e) {
    wakeUp();
  }

  void onDestroyRequested(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentEvents.DestroyRequested e) {
    wakeUp();
  }

  private void wakeUp() {
    if (worker != null) {
      worker.wakeUp();
    }
  }
}
