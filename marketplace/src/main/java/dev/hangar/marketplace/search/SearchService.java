package dev.hangar.marketplace.search;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.Appliance;
import dev.hangar.marketplace.appliance.ApplianceService;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.search.SearchResource.SearchPage;
import dev.hangar.marketplace.trust.TrustService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** Runs a search and shapes the page. */
@ApplicationScoped
public class SearchService {
  private final CatalogSearch search;
  private final ApplianceService appliances;

  private final TrustService trust;

  public SearchService(CatalogSearch search, ApplianceService appliances, TrustService trust) {
    this.search = search;
    this.appliances = appliances;
    this.trust = trust;
  }

  @Transactional
  public SearchPage search(Caller caller, SearchQuery query, boolean withFacets) {
    // The trust verdict needs signature checks in Java, so the appliances the trusted filter keeps
    // are found first and then bound into the query: pages and cursors stay exact.
    Set<UUID> trusted = query.trusted() || withFacets ? trustedAppliances(caller, query) : null;
    List<Appliance> found = search.page(caller, query, query.trusted() ? trusted : null);
    boolean more = found.size() > query.limit();
    List<Appliance> page = more ? found.subList(0, query.limit()) : found;
    String next = null;
    if (more) {
      Appliance last = page.get(page.size() - 1);
      next = new Cursor(last.name, last.createdAt, last.id).encode(query.sort());
    }
    Map<String, Map<String, Long>> facets = Map.of();
    if (withFacets) {
      facets = new TreeMap<>(search.facets(caller, query, query.trusted() ? trusted : null));
      facets.put("trusted", Map.of("true", (long) trusted.size()));
    }
    return new SearchPage(appliances.describeAll(caller, page), next, facets);
  }

  /**
   * Appliances matching {@code query} but its trusted filter whose latest version complies. Only
   * signed versions are judged: a policy trusts a version only through a trusted signature, and
   * judging every unsigned appliance of a large catalog made a browse page take minutes.
   */
  private Set<UUID> trustedAppliances(Caller caller, SearchQuery query) {
    Set<UUID> ids = new HashSet<>();
    SearchQuery signedOnly =
        new SearchQuery(
            query.terms(),
            query.category(),
            query.publisher(),
            query.arch(),
            query.hypervisor(),
            true,
            query.trusted(),
            query.sort(),
            query.cursor(),
            query.limit());
    for (ApplianceVersion v : search.latestPublished(caller, signedOnly)) {
      if (trust.complies(v)) {
        ids.add(v.appliance.id);
      }
    }
    return ids;
  }
}
