package dev.hangar.marketplace.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.marketplace.appliance.ApplianceApi.ApplianceDto;
import dev.hangar.marketplace.appliance.Visibility;
import dev.hangar.marketplace.search.CatalogIndex.Item;
import dev.hangar.marketplace.search.SearchResource.SearchPage;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The in-memory index's rules, one by one (PublicCatalogTest compares it with the database). */
class CatalogIndexTest {
  private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-01-01T00:00:00Z");

  // In the order the database gave for names ("B" before "a", as a collation may have it).
  private final Item b =
      item("B", 3, "acme", "b web proxy", Set.of("web"), Set.of("x86_64"), Set.of("qemu,kvm"));
  private final Item a =
      item("a", 1, "acme", "a web server", Set.of("web", "db"), Set.of("aarch64"), Set.of("xen"));
  private final Item c =
      signed(item("c", 2, "other", "c database", Set.of("db"), Set.of(), Set.of()), false);
  private final Item d =
      signed(
          item(
              "d",
              2,
              "other",
              "d web",
              Set.of(),
              Set.of("x86_64", "aarch64"),
              Set.of("kvm", "qemu,kvm")),
          true);
  // Newest first as the database gave it: d and c share a creation time, d's id sorts last.
  private final CatalogIndex index =
      new CatalogIndex(List.of(b, a, c, d), List.of(b.id(), d.id(), c.id(), a.id()));

  @Test
  void everyWordAndFilterMustMatch() {
    assertEquals(List.of(b, a, d), found(query().words("web")));
    assertEquals(List.of(a), found(query().words("web", "server")));
    assertEquals(List.of(), found(query().words("web", "database")));
    assertEquals(List.of(a, c), found(query().category("db")));
    assertEquals(List.of(c, d), found(query().publisher("other")));
    assertEquals(List.of(a, d), found(query().arch("aarch64")));
    assertEquals(List.of(b, d), found(query().hypervisor("kvm")));
    assertEquals(List.of(), found(query().hypervisor("kv")), "whole names in the list only");
    assertEquals(List.of(c, d), found(query().signed()));
    assertEquals(List.of(d), found(query().trusted()));
  }

  @Test
  void pagesFollowTheDatabaseOrdersAndTheirCursors() {
    SearchPage first = index.search(query().limit(3).build(), false).orElseThrow();
    assertEquals(views(b, a, c), first.items());
    SearchPage second =
        index.search(query().limit(3).cursor(first.nextCursor()).build(), false).orElseThrow();
    assertEquals(views(d), second.items());
    assertNull(second.nextCursor());

    SearchPage newest = index.search(query().newest().limit(2).build(), false).orElseThrow();
    assertEquals(views(b, d), newest.items());
    SearchPage older =
        index
            .search(query().newest().limit(2).cursor(newest.nextCursor()).build(), false)
            .orElseThrow();
    assertEquals(views(c, a), older.items());
    assertNull(older.nextCursor(), "nothing after the last");
  }

  @Test
  void aCursorAtAnApplianceTheIndexDoesNotHaveSoIsLeftToTheDatabase() {
    String renamed = new Cursor("a-renamed", null, a.id()).encode(SearchQuery.Sort.NAME);
    assertTrue(index.search(query().cursor(renamed).build(), false).isEmpty());
    String gone = new Cursor("a", null, UUID.randomUUID()).encode(SearchQuery.Sort.NAME);
    assertTrue(index.search(query().cursor(gone).build(), false).isEmpty());
    String moved = new Cursor(null, T0.plusDays(9), a.id()).encode(SearchQuery.Sort.NEWEST);
    assertTrue(index.search(query().newest().cursor(moved).build(), false).isEmpty());
  }

  @Test
  void facetsCountTheWholeResultNotThePage() {
    Map<String, Map<String, Long>> all =
        index.search(query().limit(1).build(), true).orElseThrow().facets();
    assertEquals(Map.of("db", 2L, "web", 2L), all.get("category"));
    assertEquals(Map.of("acme", 2L, "other", 2L), all.get("publisher"));
    assertEquals(Map.of("aarch64", 2L, "x86_64", 2L), all.get("arch"));
    // As the database groups by the stored list and then splits it: d's kvm counts twice.
    assertEquals(Map.of("kvm", 3L, "qemu", 2L, "xen", 1L), all.get("hypervisor"));
    assertEquals(Map.of("true", 2L), all.get("signed"));
    assertEquals(Map.of("true", 1L), all.get("trusted"));

    Map<String, Map<String, Long>> trusted =
        index.search(query().trusted().build(), true).orElseThrow().facets();
    assertEquals(Map.of("other", 1L), trusted.get("publisher"));
    assertEquals(Map.of("true", 1L), trusted.get("signed"), "the trusted ones are the signed");
    assertEquals(Map.of("true", 1L), trusted.get("trusted"));
  }

  private List<Item> found(QueryBuilder q) {
    SearchPage page = index.search(q.limit(100).build(), false).orElseThrow();
    assertEquals(
        page.items(),
        index.search(q.build(), true).orElseThrow().items(),
        "with facets (one pass over everything) as without (only the page looked at)");
    List<Item> items = new ArrayList<>();
    for (ApplianceDto view : page.items()) {
      for (Item i : List.of(a, b, c, d)) {
        if (i.view() == view) {
          items.add(i);
        }
      }
    }
    return items;
  }

  private static List<ApplianceDto> views(Item... items) {
    return java.util.Arrays.stream(items).map(Item::view).toList();
  }

  private static Item item(
      String name,
      int day,
      String publisher,
      String text,
      Set<String> categories,
      Set<String> archs,
      Set<String> hypervisors) {
    UUID id = UUID.randomUUID();
    OffsetDateTime created = T0.plusDays(day);
    ApplianceDto view =
        new ApplianceDto(
            id,
            publisher,
            name,
            text,
            "",
            "",
            null,
            created,
            null,
            List.copyOf(categories),
            List.of(),
            Visibility.PUBLIC,
            List.of(),
            0,
            List.of());
    return new Item(
        id, name, created, publisher, text, categories, archs, hypervisors, false, false, view);
  }

  private static Item signed(Item i, boolean trusted) {
    return new Item(
        i.id(),
        i.name(),
        i.createdAt(),
        i.publisher(),
        i.searchText(),
        i.categories(),
        i.publishedArchs(),
        i.publishedHypervisors(),
        true,
        trusted,
        i.view());
  }

  private static QueryBuilder query() {
    return new QueryBuilder();
  }

  /** Builds queries through {@link SearchQuery#parse}, as the API does. */
  private static final class QueryBuilder {
    private String q;
    private String category;
    private String publisher;
    private String arch;
    private String hypervisor;
    private String signed;
    private String trusted;
    private String sort;
    private String cursor;
    private int limit = 20;

    QueryBuilder words(String... words) {
      q = String.join(" ", words);
      return this;
    }

    QueryBuilder category(String v) {
      category = v;
      return this;
    }

    QueryBuilder publisher(String v) {
      publisher = v;
      return this;
    }

    QueryBuilder arch(String v) {
      arch = v;
      return this;
    }

    QueryBuilder hypervisor(String v) {
      hypervisor = v;
      return this;
    }

    QueryBuilder signed() {
      signed = "true";
      return this;
    }

    QueryBuilder trusted() {
      trusted = "true";
      return this;
    }

    QueryBuilder newest() {
      sort = "newest";
      return this;
    }

    QueryBuilder cursor(String v) {
      cursor = v;
      return this;
    }

    QueryBuilder limit(int v) {
      limit = v;
      return this;
    }

    SearchQuery build() {
      return SearchQuery.parse(
          q, category, publisher, arch, hypervisor, signed, trusted, sort, cursor, limit);
    }
  }
}
