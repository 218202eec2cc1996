package dev.hangar.marketplace.search;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.Appliance;
import dev.hangar.marketplace.appliance.ApplianceService;
import dev.hangar.marketplace.search.SearchResource.SearchPage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/** Runs a search and shapes the page. */
@ApplicationScoped
public class SearchService {
  private final CatalogSearch search;
  private final ApplianceService appliances;

  public SearchService(CatalogSearch search, ApplianceService appliances) {
    this.search = search;
    this.appliances = appliances;
  }

  @Transactional
  public SearchPage search(Caller caller, SearchQuery query, boolean withFacets) {
    List<Appliance> found = search.page(caller, query);
    boolean more = found.size() > query.limit();
    List<Appliance> page = more ? found.subList(0, query.limit()) : found;
    String next = null;
    if (more) {
      Appliance last = page.get(page.size() - 1);
      next = new Cursor(last.name, last.createdAt, last.id).encode(query.sort());
    }
    Map<String, Map<String, Long>> facets = withFacets ? search.facets(caller, query) : Map.of();
    return new SearchPage(appliances.describeAll(caller, page), next, facets);
  }
}
