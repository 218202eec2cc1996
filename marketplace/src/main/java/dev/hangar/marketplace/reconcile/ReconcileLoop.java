package dev.hangar.marketplace.reconcile;

import dev.hangar.marketplace.config.HangarConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a {@link ReconcileService} pass every {@code hangar.reconcile.interval}, the first one an
 * interval after start-up (by then the job worker has taken over what a previous run left), on a
 * daemon thread of its own; {@code 0s} turns the loop off.
 */
@ApplicationScoped
public class ReconcileLoop {
  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);

  private final ReconcileService service;
  private final HangarConfig config;
  private ScheduledExecutorService timer;

  public ReconcileLoop(ReconcileService service, HangarConfig config) {
    this.service = service;
    this.config = config;
  }

  void onStart(@Observes @Priority(30) StartupEvent event) {
    long every = config.reconcile().interval().toMillis();
    if (every <= 0) {
      LOG.info("reconciliation loop is off (hangar.reconcile.interval=0)");
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hangar-reconcile");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::passQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void passQuietly() {
    try {
      ReconcileService.Report report = service.runOnce();
      if (!report.applied().isEmpty() || !report.releasedClaims().isEmpty()) {
        LOG.infof(
            "reconciled %d nodes: %d corrections, %d claims released, %d unreachable",
            report.reconciled().size(),
            report.applied().size(),
            report.releasedClaims().size(),
            report.unreachable().size());
      }
    } catch (RuntimeException e) {
      // The timer must survive a failed pass (database down, say); the next one tries again.
      LOG.warnf(e, "reconciliation pass failed");
    }
  }
}
