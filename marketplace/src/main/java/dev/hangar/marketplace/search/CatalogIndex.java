package dev.hangar.marketplace.search;

import dev.hangar.marketplace.appliance.ApplianceApi.ApplianceDto;
import dev.hangar.marketplace.search.SearchResource.SearchPage;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An immutable in-memory copy of the public catalog that answers searches as {@link CatalogSearch}
 * and {@link SearchService} would for a caller who sees only public appliances, without the
 * database: the same words, filters, facets, order and cursors. What only the database can say is
 * taken from it when the copy is made: the order of names (its collation) and of creation times
 * (with uuid ids as tie-breakers), the trust verdicts, the API view of each appliance. Plain Java,
 * so the rules can be tested on their own.
 */
final class CatalogIndex {

  /**
   * One public appliance.
   *
   * @param publishedArchs architectures of its published versions
   * @param publishedHypervisors the hypervisor lists (comma-separated, as stored) of its published
   *     versions, each distinct list once
   * @param signed its latest published version has a signature
   * @param trusted that version complies with the trust policy
   * @param view the appliance as the API shows it to a caller who sees only public content
   */
  record Item(
      UUID id,
      String name,
      OffsetDateTime createdAt,
      String publisher,
      String searchText,
      Set<String> categories,
      Set<String> publishedArchs,
      Set<String> publishedHypervisors,
      boolean signed,
      boolean trusted,
      ApplianceDto view) {}

  private final List<Item> byName;
  private final List<Item> byNewest;
  private final Map<UUID, Integer> nameRank = new HashMap<>();
  private final Map<UUID, Integer> newestRank = new HashMap<>();
  private final int[] newestToName;

  /**
   * @param byName every public appliance, in the database's order of {@code name, id}
   * @param newest the same appliances' ids in the database's order of {@code createdAt desc, id
   *     desc}
   */
  CatalogIndex(List<Item> byName, List<UUID> newest) {
    this.byName = List.copyOf(byName);
    Map<UUID, Item> byId = new HashMap<>();
    for (int i = 0; i < byName.size(); i++) {
      byId.put(byName.get(i).id(), byName.get(i));
      nameRank.put(byName.get(i).id(), i);
    }
    List<Item> ordered = new ArrayList<>(newest.size());
    newestToName = new int[newest.size()];
    for (UUID id : newest) {
      Item item = byId.get(id);
      if (item == null) {
        throw new IllegalArgumentException("appliance " + id + " is in one order only");
      }
      newestToName[ordered.size()] = nameRank.get(id);
      newestRank.put(id, ordered.size());
      ordered.add(item);
    }
    if (ordered.size() != byName.size()) {
      throw new IllegalArgumentException("the two orders list different appliances");
    }
    this.byNewest = List.copyOf(ordered);
  }

  int size() {
    return byName.size();
  }

  /**
   * The page, or empty if this index cannot place the cursor: it points at an appliance that is no
   * longer here with the same sort key (changed or removed since the page before), which only the
   * database can order against the rest.
   */
  Optional<SearchPage> search(SearchQuery query, boolean withFacets) {
    boolean byNameOrder = query.sort() == SearchQuery.Sort.NAME;
    List<Item> order = byNameOrder ? byName : byNewest;
    int from = 0;
    if (query.cursor() != null) {
      Integer rank = cursorRank(query);
      if (rank == null) {
        return Optional.empty();
      }
      from = rank + 1;
    }
    // With facets, one pass over the whole catalog for the filters (apart from trusted) serves
    // page and facets; without, only the page's stretch of the order is looked at.
    boolean[] matched = null;
    if (withFacets) {
      matched = new boolean[byName.size()];
      for (int i = 0; i < matched.length; i++) {
        matched[i] = matches(byName.get(i), query);
      }
    }
    List<ApplianceDto> items = new ArrayList<>(query.limit());
    Item last = null;
    boolean more = false;
    for (int i = from; i < order.size(); i++) {
      Item item = order.get(i);
      boolean match =
          matched == null ? matches(item, query) : matched[byNameOrder ? i : newestToName[i]];
      if (match && (!query.trusted() || item.trusted())) {
        if (items.size() == query.limit()) {
          more = true;
          break;
        }
        items.add(item.view());
        last = item;
      }
    }
    String next =
        more ? new Cursor(last.name(), last.createdAt(), last.id()).encode(query.sort()) : null;
    return Optional.of(new SearchPage(items, next, withFacets ? facets(query, matched) : Map.of()));
  }

  private Integer cursorRank(SearchQuery query) {
    Cursor c = query.cursor();
    Item at;
    Integer rank;
    if (query.sort() == SearchQuery.Sort.NAME) {
      rank = nameRank.get(c.id());
      at = rank == null ? null : byName.get(rank);
      return at != null && at.name().equals(c.name()) ? rank : null;
    }
    rank = newestRank.get(c.id());
    at = rank == null ? null : byNewest.get(rank);
    return at != null && at.createdAt().isEqual(c.createdAt()) ? rank : null;
  }

  /**
   * The filters of {@link CatalogSearch} apart from the trusted filter; words last, the dearest.
   */
  private static boolean matches(Item item, SearchQuery query) {
    if (query.category() != null && !item.categories().contains(query.category())) {
      return false;
    }
    if (query.publisher() != null && !item.publisher().equals(query.publisher())) {
      return false;
    }
    if (query.arch() != null && !item.publishedArchs().contains(query.arch())) {
      return false;
    }
    if (query.hypervisor() != null && !runsOn(item, query.hypervisor())) {
      return false;
    }
    if (query.signed() && !item.signed()) {
      return false;
    }
    for (String term : query.terms()) {
      if (!item.searchText().contains(term)) {
        return false;
      }
    }
    return true;
  }

  /** As {@code concat(',', hypervisors, ',') like '%,<hv>,%'} on any published version. */
  private static boolean runsOn(Item item, String hypervisor) {
    String wanted = "," + hypervisor + ",";
    for (String list : item.publishedHypervisors()) {
      if (("," + list + ",").contains(wanted)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The facets {@link SearchService} returns: counts per category, publisher, architecture and
   * hypervisor over every match, and how many matches are signed and trusted.
   */
  private Map<String, Map<String, Long>> facets(SearchQuery query, boolean[] matched) {
    Map<String, Long> category = new TreeMap<>();
    Map<String, Long> publisher = new TreeMap<>();
    Map<String, Long> arch = new TreeMap<>();
    Map<String, Long> hypervisor = new TreeMap<>();
    long signed = 0;
    long trusted = 0;
    for (int i = 0; i < matched.length; i++) {
      if (!matched[i]) {
        continue;
      }
      Item item = byName.get(i);
      // Signed and trusted count the matches apart from the trusted filter, as SearchService does.
      if (item.signed()) {
        signed++;
        if (item.trusted()) {
          trusted++;
        }
      }
      if (query.trusted() && !item.trusted()) {
        continue;
      }
      item.categories().forEach(c -> category.merge(c, 1L, Long::sum));
      publisher.merge(item.publisher(), 1L, Long::sum);
      item.publishedArchs().forEach(a -> arch.merge(a, 1L, Long::sum));
      // Grouped by the stored list, then split: a hypervisor in two distinct lists counts twice.
      for (String list : item.publishedHypervisors()) {
        for (String hv : list.split(",")) {
          hypervisor.merge(hv, 1L, Long::sum);
        }
      }
    }
    Map<String, Map<String, Long>> facets = new TreeMap<>();
    facets.put("category", category);
    facets.put("publisher", publisher);
    facets.put("arch", arch);
    facets.put("hypervisor", hypervisor);
    facets.put("signed", Map.of("true", query.trusted() ? trusted : signed));
    facets.put("trusted", Map.of("true", trusted));
    return facets;
  }
}
