package dev.hangar.marketplace.appliance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter that moves on after every transaction that changed what catalog listings show
 * (appliances, their versions, visibility, logos), so cached pages of an older generation are never
 * served. It moves after the transaction completes: a reader that started before the commit saw the
 * old data and labelled it with the old generation.
 */
@ApplicationScoped
public class CatalogChanges {
  private static final Object KEY = CatalogChanges.class;

  private final AtomicLong generation = new AtomicLong();
  private final TransactionSynchronizationRegistry registry;

  public CatalogChanges(TransactionSynchronizationRegistry registry) {
    this.registry = registry;
  }

  /** The current generation; read it before querying and label what the query returns with it. */
  public long generation() {
    return generation.get();
  }

  /** Marks the current transaction as changing the catalog. */
  public void changed() {
    generation.incrementAndGet();
    if (registry.getTransactionStatus() != Status.STATUS_ACTIVE
        || registry.getResource(KEY) != null) {
      return;
    }
    registry.putResource(KEY, Boolean.TRUE);
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
