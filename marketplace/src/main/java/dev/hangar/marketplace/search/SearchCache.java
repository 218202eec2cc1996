package dev.hangar.marketplace.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.appliance.CatalogChanges;
import dev.hangar.marketplace.search.SearchResource.SearchPage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers search pages per audience and query until the catalog changes ({@link CatalogChanges}):
 * browsing is read-mostly, so most requests are answered without the database, and as JSON already
 * written, so without serialising the page again. An <em>audience</em> is what decides visibility
 * (admin, operator, the caller's publisher and whether it may see that publisher's drafts), so
 * callers who see the same things share entries. Holds at most {@value #MAX_ENTRIES} pages; when
 * full it starts again empty. Changes committed by other instances on the same database count too,
 * once their notification arrives (see {@link CatalogChanges}).
 */
@ApplicationScoped
public class SearchCache {
  static final int MAX_ENTRIES = 10_000;

  private record Audience(boolean admin, boolean operator, UUID publisher, boolean drafts) {
    static final Audience ANONYMOUS = new Audience(false, false, null, false);

    static Audience of(Caller c) {
      if (c == Caller.ANONYMOUS) {
        return ANONYMOUS;
      }
      UUID publisher = c.publisherId().orElse(null);
      return new Audience(
          c.isAdmin(),
          c.has(Role.OPERATOR_NAME),
          publisher,
          publisher != null && c.actsFor(publisher));
    }
  }

  /**
   * The query as {@link SearchQuery#key()}: a string hashes and compares faster than the record.
   */
  private record Key(Audience audience, String query, boolean facets) {}

  private record Entry(long generation, byte[] json) {}

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final PublicCatalog index;
  private final SearchService service;
  private final CatalogChanges changes;
  private final ObjectWriter json;

  public SearchCache(
      PublicCatalog index, SearchService service, CatalogChanges changes, ObjectMapper json) {
    this.index = index;
    this.service = service;
    this.changes = changes;
    this.json = json.writerFor(SearchPage.class);
  }

  /**
   * The page as JSON (UTF-8) if it is held and the catalog has not changed since it was computed,
   * else null. Never touches the database, so it may run on an I/O thread. Callers must not modify
   * the array.
   */
  public byte[] cached(Caller caller, SearchQuery query, boolean withFacets) {
    Entry e = entries.get(new Key(Audience.of(caller), query.key(), withFacets));
    return e != null && e.generation() == changes.generation() ? e.json() : null;
  }

  /**
   * A page as {@link SearchService#search} computes it (or {@link PublicCatalog}, for callers who
   * see only public appliances), as JSON (UTF-8), reused while the catalog is unchanged. May query
   * the database: call it on a worker thread. Callers must not modify the array.
   */
  public byte[] search(Caller caller, SearchQuery query, boolean withFacets) {
    Key key = new Key(Audience.of(caller), query.key(), withFacets);
    // Read before querying: a change committed meanwhile moves the generation past this entry's.
    long generation = changes.generation();
    Entry e = entries.get(key);
    if (e != null && e.generation() == generation) {
      return e.json();
    }
    byte[] page;
    try {
      SearchPage computed =
          index
              .search(caller, query, withFacets)
              .orElseGet(() -> service.search(caller, query, withFacets));
      page = json.writeValueAsBytes(computed);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write a search page as JSON", ex);
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(key, new Entry(generation, page));
    return page;
  }
}
