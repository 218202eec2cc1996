package dev.hangar.marketplace.search;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.Appliance;
import dev.hangar.marketplace.appliance.ApplianceService;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.search.SearchResource.SearchPage;
import dev.hangar.marketplace.trust.TrustService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.FlushMode;
import org.hibernate.Session;

/** Runs a search and shapes the page. */
@ApplicationScoped
public class SearchService {
  private final CatalogSearch search;
  private final ApplianceService appliances;

  private final TrustService trust;
  private final EntityManager em;

  public SearchService(
      CatalogSearch search, ApplianceService appliances, TrustService trust, EntityManager em) {
    this.search = search;
    this.appliances = appliances;
    this.trust = trust;
    this.em = em;
  }

  @Transactional
  public SearchPage search(Caller caller, SearchQuery query, boolean withFacets) {
    // Only reads: no snapshots to keep, nothing to flush before each query or at commit.
    Session session = em.unwrap(Session.class);
    session.setDefaultReadOnly(true);
    session.setHibernateFlushMode(FlushMode.MANUAL);
    // The trust verdict needs signature checks in Java, so the appliances the trusted filter keeps
    // are found first and then bound into the query: pages and cursors stay exact.
    Signed signed = query.trusted() || withFacets ? signedAppliances(caller, query) : null;
    Set<UUID> trusted = signed == null ? null : signed.trusted();
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
      // Every trusted appliance is signed (a policy trusts only through signatures), so with the
      // trusted filter on, the signed ones among the results are the trusted ones.
      long signedCount = query.trusted() ? trusted.size() : signed.all().size();
      facets.put("signed", Map.of("true", signedCount));
      facets.put("trusted", Map.of("true", (long) trusted.size()));
    }
    return new SearchPage(appliances.describeAll(caller, page), next, facets);
  }

  /**
   * Appliances matching {@code query} apart from its trusted filter whose latest published version
   * is signed ({@code all}), and those of them whose latest version complies with the trust policy
   * ({@code trusted}).
   */
  private record Signed(Set<UUID> all, Set<UUID> trusted) {}

  /**
   * Only signed versions are judged: a policy trusts a version only through a trusted signature,
   * and judging every unsigned appliance of a large catalog made a browse page take minutes.
   */
  private Signed signedAppliances(Caller caller, SearchQuery query) {
    Set<UUID> all = new HashSet<>();
    Set<UUID> trusted = new HashSet<>();
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
      all.add(v.appliance.id);
      if (trust.complies(v)) {
        trusted.add(v.appliance.id);
      }
    }
    return new Signed(all, trusted);
  }
}
