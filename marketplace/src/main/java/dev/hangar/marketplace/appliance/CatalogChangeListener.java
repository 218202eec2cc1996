package dev.hangar.marketplace.appliance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears the catalog changes other instances commit: one thread holding a connection that {@code
 * LISTEN}s on {@link CatalogChanges#CHANNEL} and moves {@link CatalogChanges} on for every
 * notification. A lost connection is noticed at the latest by the liveness query every {@value
 * #LIVENESS_MILLIS} ms; until it is open again {@link CatalogChanges} reuses nothing. PostgreSQL
 * only; on H2 there is no other instance.
 */
@ApplicationScoped
public class CatalogChangeListener {
  private static final Logger LOG = Logger.getLogger(CatalogChangeListener.class);
  private static final int WAIT_MILLIS = 500;
  private static final long LIVENESS_MILLIS = 5_000;
  private static final long RETRY_MILLIS = 1_000;

  private final CatalogChanges changes;
  private final AgroalDataSource dataSource;
  private volatile boolean running;
  private Thread thread;

  public CatalogChangeListener(CatalogChanges changes, AgroalDataSource dataSource) {
    this.changes = changes;
    this.dataSource = dataSource;
  }

  void onStart(@Observes StartupEvent event) {
    if (!changes.sharedDatabase()) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "hangar-catalog-listener");
    thread.setDaemon(true);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join(2 * WAIT_MILLIS);
    }
  }

  private void run() {
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        listen(c);
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warnf(
              "not hearing other instances' catalog changes (%s); search results are not reused"
                  + " until the connection is back",
              e.getMessage());
        }
      } finally {
        changes.listening(false);
      }
      sleep(RETRY_MILLIS);
    }
  }

  private void listen(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("LISTEN " + CatalogChanges.CHANNEL);
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    changes.listening(true);
    long checked = System.currentTimeMillis();
    while (running) {
      PGNotification[] arrived = pg.getNotifications(WAIT_MILLIS);
      if (arrived != null && arrived.length > 0) {
        changes.changedElsewhere();
      }
      if (System.currentTimeMillis() - checked >= LIVENESS_MILLIS) {
        // A connection that died quietly would deliver nothing; a query finds out.
        try (Statement s = c.createStatement()) {
          s.execute("SELECT 1");
        }
        checked = System.currentTimeMillis();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
