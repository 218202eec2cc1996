package dev.hangar.marketplace.appliance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * A counter that moves on after every transaction that changed what catalog listings show
 * (appliances, their versions, visibility, logos, trust), here or in another instance on the same
 * database, so results computed from an older generation are never reused. A change here moves it
 * after the transaction completes: a reader that started before the commit saw the old data and
 * labelled it with the old generation.
 *
 * <p>Several instances: on PostgreSQL a changing transaction also sends {@code NOTIFY} on {@value
 * #CHANNEL}, which PostgreSQL delivers to every listening instance when (and only if) it commits;
 * {@link CatalogChangeListener} moves this counter when one arrives. So another instance's change
 * shows here once its notification arrives, typically within milliseconds of its commit. While the
 * listener is not connected, changes elsewhere could go unseen, so {@link #generation()} then
 * returns a new value on every call and nothing is reused. On H2 (embedded, one process) there is
 * nobody else to hear from.
 */
@ApplicationScoped
public class CatalogChanges {
  /** The PostgreSQL notification channel of catalog changes. */
  public static final String CHANNEL = "hangar_catalog";

  private static final Object KEY = CatalogChanges.class;

  private final AtomicLong generation = new AtomicLong();
  private final TransactionSynchronizationRegistry registry;
  private final EntityManager em;
  private final boolean postgres;
  private volatile boolean observing;

  public CatalogChanges(
      TransactionSynchronizationRegistry registry,
      EntityManager em,
      @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
    this.registry = registry;
    this.em = em;
    this.postgres = dbKind.equals("postgresql");
    this.observing = !postgres;
  }

  /**
   * The current generation; read it before querying and label what the query returns with it. While
   * changes of other instances cannot be observed, a value never returned before.
   */
  public long generation() {
    return observing ? generation.get() : generation.incrementAndGet();
  }

  /** True on PostgreSQL, where other instances may share the database and must be heard. */
  boolean sharedDatabase() {
    return postgres;
  }

  /** Whether changes committed by other instances reach this one ({@link #generation()}). */
  public boolean observing() {
    return observing;
  }

  /** Set by the listener: true once it listens, false when its connection is lost. */
  void listening(boolean listening) {
    generation.incrementAndGet(); // whatever happened while not listening
    observing = listening;
  }

  /** Another instance committed a change (its notification arrived). */
  void changedElsewhere() {
    generation.incrementAndGet();
  }

  /** Marks the current transaction as changing the catalog. */
  public void changed() {
    generation.incrementAndGet();
    if (registry.getTransactionStatus() != Status.STATUS_ACTIVE
        || registry.getResource(KEY) != null) {
      return;
    }
    registry.putResource(KEY, Boolean.TRUE);
    if (postgres) {
      // Queued with the transaction: delivered to the listeners when it commits, dropped if not.
      em.unwrap(Session.class)
          .doWork(
              c -> {
                try (Statement s = c.createStatement()) {
                  s.execute("NOTIFY " + CHANNEL);
                }
              });
    }
    registry.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            generation.incrementAndGet();
          }
        });
  }
}
