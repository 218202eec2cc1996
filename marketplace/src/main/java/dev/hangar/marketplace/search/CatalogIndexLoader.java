package dev.hangar.marketplace.search;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.Appliance;
import dev.hangar.marketplace.appliance.ApplianceApi.ApplianceDto;
import dev.hangar.marketplace.appliance.ApplianceService;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.appliance.VersionStatus;
import dev.hangar.marketplace.appliance.Visibility;
import dev.hangar.marketplace.trust.TrustService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.FlushMode;
import org.hibernate.Session;

/** Reads the public catalog into a {@link CatalogIndex}, in one read-only transaction. */
@ApplicationScoped
public class CatalogIndexLoader {
  /** Appliances described per statement (their ids are bound as a list). */
  private static final int CHUNK = 500;

  private final EntityManager em;
  private final CatalogSearch search;
  private final ApplianceService appliances;
  private final TrustService trust;

  public CatalogIndexLoader(
      EntityManager em, CatalogSearch search, ApplianceService appliances, TrustService trust) {
    this.em = em;
    this.search = search;
    this.appliances = appliances;
    this.trust = trust;
  }

  /**
   * The public catalog as an index, or empty if its text is over {@code maxChars} characters, or if
   * it changed while being read in a way that makes the orders disagree (read again later).
   */
  @Transactional
  Optional<CatalogIndex> load(long maxChars) {
    Session session = em.unwrap(Session.class);
    session.setDefaultReadOnly(true);
    session.setHibernateFlushMode(FlushMode.MANUAL);
    Long chars =
        em.createQuery(
                "select coalesce(sum(length(a.searchText) + 2 * length(a.description)), 0)"
                    + " from Appliance a where a.visibility = :public",
                Long.class)
            .setParameter("public", Visibility.PUBLIC)
            .getSingleResult();
    if (chars > maxChars) {
      return Optional.empty();
    }
    // The orders come from the database, so they follow its collation and uuid order exactly.
    List<Appliance> byName =
        em.createQuery(
                "select a from Appliance a join fetch a.publisher where a.visibility = :public"
                    + " order by a.name, a.id",
                Appliance.class)
            .setParameter("public", Visibility.PUBLIC)
            .getResultList();
    List<UUID> newest =
        em.createQuery(
                "select a.id from Appliance a where a.visibility = :public"
                    + " order by a.createdAt desc, a.id desc",
                UUID.class)
            .setParameter("public", Visibility.PUBLIC)
            .getResultList();
    Map<UUID, Set<String>> archs = new HashMap<>();
    Map<UUID, Set<String>> hypervisors = new HashMap<>();
    for (Object[] row :
        em.createQuery(
                "select v.appliance.id, v.arch, v.hypervisors from ApplianceVersion v"
                    + " where v.status = :published and v.appliance.visibility = :public",
                Object[].class)
            .setParameter("published", VersionStatus.PUBLISHED)
            .setParameter("public", Visibility.PUBLIC)
            .getResultList()) {
      archs.computeIfAbsent((UUID) row[0], k -> new TreeSet<>()).add((String) row[1]);
      hypervisors.computeIfAbsent((UUID) row[0], k -> new TreeSet<>()).add((String) row[2]);
    }
    // Signed and trusted exactly as SearchService judges them: the latest published versions
    // that are signed, each judged by the trust policy.
    Set<UUID> signed = new HashSet<>();
    Set<UUID> trusted = new HashSet<>();
    SearchQuery everySigned =
        new SearchQuery(
            List.of(), null, null, null, null, true, false, SearchQuery.Sort.NAME, null, 1);
    for (ApplianceVersion v : search.latestPublished(Caller.ANONYMOUS, everySigned)) {
      signed.add(v.appliance.id);
      if (trust.complies(v)) {
        trusted.add(v.appliance.id);
      }
    }
    List<CatalogIndex.Item> items = new ArrayList<>(byName.size());
    for (int from = 0; from < byName.size(); from += CHUNK) {
      List<Appliance> chunk = byName.subList(from, Math.min(byName.size(), from + CHUNK));
      List<ApplianceDto> views = appliances.describeAll(Caller.ANONYMOUS, chunk);
      for (int i = 0; i < chunk.size(); i++) {
        Appliance a = chunk.get(i);
        items.add(
            new CatalogIndex.Item(
                a.id,
                a.name,
                a.createdAt,
                a.publisher.name,
                a.searchText,
                Set.copyOf(a.categories),
                Set.copyOf(archs.getOrDefault(a.id, Set.of())),
                Set.copyOf(hypervisors.getOrDefault(a.id, Set.of())),
                signed.contains(a.id),
                trusted.contains(a.id),
                views.get(i)));
      }
    }
    Set<UUID> listed = new HashSet<>();
    items.forEach(i -> listed.add(i.id()));
    if (newest.size() != items.size() || !listed.containsAll(newest)) {
      return Optional.empty(); // an appliance came or went between the two statements
    }
    return Optional.of(new CatalogIndex(items, newest));
  }
}
