package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.config.HangarConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the signed catalog fresh: signs it on start if needed, then checks every eighth of the
 * timestamp validity (at most every minute) and re-issues what is past half its validity, so a
 * deployer never sees an expired timestamp from an honest marketplace.
 */
@ApplicationScoped
public class CatalogRefresher {
  private static final Logger LOG = Logger.getLogger(CatalogRefresher.class);

  private final CatalogSigner signer;
  private final Duration period;
  private ScheduledExecutorService timer;

  public CatalogRefresher(CatalogSigner signer, HangarConfig config) {
    this.signer = signer;
    Duration eighth = config.trust().timestampValidity().dividedBy(8);
    this.period =
        eighth.compareTo(Duration.ofMinutes(1)) > 0
            ? Duration.ofMinutes(1)
            : eighth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : eighth;
  }

  void onStart(@Observes StartupEvent event) {
    signer.refreshIfDue();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hangar-catalog-refresher");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void refresh() {
    try {
      signer.refreshIfDue();
    } catch (RuntimeException e) {
      // Retried at the next tick; deployers refuse expired metadata meanwhile (freeze).
      LOG.warnf("re-signing the catalog failed: %s", e.getMessage());
    }
  }
}
