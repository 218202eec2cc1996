package dev.hangar.marketplace.search;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.appliance.Appliance;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.appliance.VersionStatus;
import dev.hangar.marketplace.appliance.Visibility;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Runs searches in the database. The JPQL is assembled from fixed fragments only; every value the
 * client sent is a bound parameter.
 */
@ApplicationScoped
public class CatalogSearch {
  private final EntityManager em;

  public CatalogSearch(EntityManager em) {
    this.em = em;
  }

  /** Matching appliances in order, at most {@code query.limit() + 1} (to know if more follow). */
  List<Appliance> page(Caller caller, SearchQuery query, Set<UUID> trusted) {
    Filter filter = filter(caller, query, trusted);
    StringBuilder jpql =
        new StringBuilder("select a from Appliance a join fetch a.publisher where ")
            .append(filter.where);
    Map<String, Object> params = new HashMap<>(filter.params);
    if (query.cursor() != null) {
      if (query.sort() == SearchQuery.Sort.NAME) {
        jpql.append(" and (a.name > :cursorName or (a.name = :cursorName and a.id > :cursorId))");
        params.put("cursorName", query.cursor().name());
      } else {
        jpql.append(
            " and (a.createdAt < :cursorAt or (a.createdAt = :cursorAt and a.id < :cursorId))");
        params.put("cursorAt", query.cursor().createdAt());
      }
      params.put("cursorId", query.cursor().id());
    }
    jpql.append(
        query.sort() == SearchQuery.Sort.NAME
            ? " order by a.name, a.id"
            : " order by a.createdAt desc, a.id desc");
    TypedQuery<Appliance> q = em.createQuery(jpql.toString(), Appliance.class);
    params.forEach(q::setParameter);
    return q.setMaxResults(query.limit() + 1).getResultList();
  }

  /**
   * The latest published version of every appliance that matches {@code query} apart from its
   * {@code trusted} filter: the versions whose trust verdict decides that filter.
   */
  List<ApplianceVersion> latestPublished(Caller caller, SearchQuery query) {
    Filter f = filter(caller, query, null).with("latestStatus", VersionStatus.PUBLISHED);
    TypedQuery<ApplianceVersion> q =
        em.createQuery(
            "select v from ApplianceVersion v join fetch v.appliance a join fetch a.publisher"
                + " where v.status = :latestStatus and "
                + LATEST.replace(":st", ":latestStatus").replace("vx", "v")
                + " and "
                + f.where,
            ApplianceVersion.class);
    f.params.forEach(q::setParameter);
    return q.getResultList();
  }

  /**
   * Counts of matching appliances per category, publisher, architecture and hypervisor (of their
   * published versions), in one statement; {@code trusted} is the set the trusted filter keeps, or
   * null if it is off.
   */
  Map<String, Map<String, Long>> facets(Caller caller, SearchQuery query, Set<UUID> trusted) {
    Filter f = filter(caller, query, trusted).with("published", VersionStatus.PUBLISHED);
    TypedQuery<Object[]> q =
        em.createQuery(
            "select 'category', c, count(distinct a) from Appliance a join a.categories c where "
                + f.where
                + " group by c"
                + " union all select 'publisher', a.publisher.name, count(a) from Appliance a where "
                + f.where
                + " group by a.publisher.name"
                + " union all select 'arch', v.arch, count(distinct a) from ApplianceVersion v"
                + " join v.appliance a where v.status = :published and "
                + f.where
                + " group by v.arch"
                + " union all select 'hypervisor', v.hypervisors, count(distinct a)"
                + " from ApplianceVersion v join v.appliance a where v.status = :published and "
                + f.where
                + " group by v.hypervisors",
            Object[].class);
    f.params.forEach(q::setParameter);
    Map<String, Map<String, Long>> facets = new TreeMap<>();
    for (String facet : List.of("category", "publisher", "arch", "hypervisor")) {
      facets.put(facet, new TreeMap<>());
    }
    for (Object[] row : q.getResultList()) {
      Map<String, Long> counts = facets.get((String) row[0]);
      long n = ((Number) row[2]).longValue();
      if (row[0].equals("hypervisor")) {
        // A version lists its hypervisors comma-separated; an appliance counts once per group.
        for (String hv : ((String) row[1]).split(",")) {
          counts.merge(hv, n, Long::sum);
        }
      } else {
        counts.put(String.valueOf(row[1]), n);
      }
    }
    return facets;
  }

  private record Filter(String where, Map<String, Object> params) {
    Filter with(String name, Object value) {
      Map<String, Object> more = new HashMap<>(params);
      more.put(name, value);
      return new Filter(where, more);
    }
  }

  /** {@code vx} is the latest published version of {@code a} (status bound as {@code :st}). */
  private static final String LATEST =
      "vx.publishedAt = (select max(vm.publishedAt) from ApplianceVersion vm"
          + " where vm.appliance = vx.appliance and vm.status = :st)";

  /** The latest published version of {@code a} has at least one signature. */
  private static final String SIGNED =
      "exists (select 1 from VersionSignature s join s.version vs where vs.appliance = a"
          + " and vs.status = :sigStatus and "
          + LATEST.replace(":st", ":sigStatus").replace("vx", "vs")
          + ")";

  private static Filter filter(Caller caller, SearchQuery query, Set<UUID> trusted) {
    List<String> where = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    if (!caller.isAdmin() && !caller.has(Role.OPERATOR_NAME)) {
      params.put("public", Visibility.PUBLIC);
      if (caller.publisherId().isPresent()) {
        where.add(
            "(a.visibility = :public or a.publisher.id = :me or (a.visibility = :shared and exists"
                + " (select 1 from Appliance s join s.sharedWith p where s = a and p.id = :me)))");
        params.put("me", caller.publisherId().get());
        params.put("shared", Visibility.SHARED);
      } else {
        where.add("a.visibility = :public");
      }
    }
    for (int i = 0; i < query.terms().size(); i++) {
      // Substring match over name, summary, description and tags (Appliance.searchText), which a
      // trigram index serves on PostgreSQL.
      String p = "term" + i;
      where.add("a.searchText like :" + p + LIKE_ESCAPE);
      params.put(p, "%" + escapeLike(query.terms().get(i)) + "%");
    }
    if (query.category() != null) {
      where.add(
          "exists (select 1 from Appliance c join c.categories cat where c = a and cat = :category)");
      params.put("category", query.category());
    }
    if (query.publisher() != null) {
      where.add("a.publisher.name = :publisherName");
      params.put("publisherName", query.publisher());
    }
    if (query.arch() != null) {
      where.add(
          "exists (select 1 from ApplianceVersion va where va.appliance = a and va.status = :archStatus and va.arch = :arch)");
      params.put("arch", query.arch());
      params.put("archStatus", VersionStatus.PUBLISHED);
    }
    if (query.hypervisor() != null) {
      where.add(
          "exists (select 1 from ApplianceVersion vh where vh.appliance = a and vh.status = :hvStatus"
              + " and concat(',', vh.hypervisors, ',') like :hv"
              + LIKE_ESCAPE
              + ")");
      params.put("hv", "%," + escapeLike(query.hypervisor()) + ",%");
      params.put("hvStatus", VersionStatus.PUBLISHED);
    }
    if (query.signed()) {
      where.add(SIGNED);
      params.put("sigStatus", VersionStatus.PUBLISHED);
    }
    if (trusted != null) {
      if (trusted.isEmpty()) {
        where.add("1 = 0");
      } else {
        where.add("a.id in :trustedIds");
        params.put("trustedIds", trusted);
      }
    }
    return new Filter(where.isEmpty() ? "1 = 1" : String.join(" and ", where), params);
  }

  /**
   * Names the escape character of a LIKE: Hibernate otherwise renders {@code escape ''} on
   * PostgreSQL, which turns escaping off, and an escaped {@code _} or {@code %} matched nothing.
   */
  private static final String LIKE_ESCAPE = " escape '\\'";

  /** LIKE wildcards typed by the user match themselves (escaped with a backslash). */
  private static String escapeLike(String term) {
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
