package dev.hangar.marketplace.search;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.appliance.CatalogChanges;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.search.SearchResource.SearchPage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Answers the searches of callers who see only public appliances (anonymous callers, consumers
 * without a publisher) from an in-memory {@link CatalogIndex}, so a search the cache has not seen
 * costs no SQL. The index is of one catalog generation ({@link CatalogChanges}, which hears other
 * instances' changes too); after a change it is read again in the background, and until it is
 * current every search goes to the database as before. No index is kept while other instances'
 * changes cannot be heard, or for a public catalog over {@code hangar.search.index-max-chars}.
 */
@ApplicationScoped
public class PublicCatalog {
  private static final Logger LOG = Logger.getLogger(PublicCatalog.class);

  /** An index of one generation; null index: none for that generation (too large, failed). */
  private record Current(long generation, CatalogIndex index) {}

  private final CatalogChanges changes;
  private final CatalogIndexLoader loader;
  private final HangarConfig.Search config;
  private final ManagedExecutor executor;
  private final AtomicBoolean loading = new AtomicBoolean();
  private final AtomicLong answered = new AtomicLong();
  private volatile Current current;

  public PublicCatalog(
      CatalogChanges changes,
      CatalogIndexLoader loader,
      HangarConfig config,
      ManagedExecutor executor) {
    this.changes = changes;
    this.loader = loader;
    this.config = config.search();
    this.executor = executor;
  }

  /**
   * The page from the index, or empty if the database must answer: the caller may see more than the
   * public catalog, the index is not of the current generation (a read is then started), or it
   * cannot place the query's cursor.
   */
  Optional<SearchPage> search(Caller caller, SearchQuery query, boolean withFacets) {
    if (!config.index() || !seesOnlyPublic(caller)) {
      return Optional.empty();
    }
    long generation = changes.generation();
    Current c = current;
    if (c == null || c.generation() != generation) {
      refresh();
      return Optional.empty();
    }
    if (c.index() == null) {
      return Optional.empty();
    }
    Optional<SearchPage> page = c.index().search(query, withFacets);
    if (page.isPresent()) {
      answered.incrementAndGet();
    }
    return page;
  }

  /** True if the index is of the current generation (for tests). */
  public boolean current() {
    Current c = current;
    return c != null && c.index() != null && c.generation() == changes.generation();
  }

  /** How many pages the index has answered (for tests). */
  public long answered() {
    return answered.get();
  }

  /** Admins and operators see everything, a publisher's users its own and shared appliances. */
  static boolean seesOnlyPublic(Caller c) {
    return !c.isAdmin() && !c.has(Role.OPERATOR_NAME) && c.publisherId().isEmpty();
  }

  /** Reads the catalog again on a worker, unless a read is running. */
  private void refresh() {
    if (!changes.observing() || !loading.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::load);
    } catch (RuntimeException e) {
      loading.set(false);
      throw e;
    }
  }

  private void load() {
    // Read before loading: a change committed meanwhile moves the generation past this one.
    long generation = changes.generation();
    long start = System.nanoTime();
    try {
      CatalogIndex index = loader.load(config.indexMaxChars()).orElse(null);
      current = new Current(generation, index);
      LOG.debugf(
          "read %s public appliances into memory in %d ms",
          index == null ? "no" : index.size(), (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      LOG.warnf(e, "cannot read the public catalog into memory; searches use the database");
      current = new Current(generation, null); // tried again after the next change
    } finally {
      loading.set(false);
    }
  }
}
