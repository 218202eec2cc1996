/**
 * Catalog search: full-text terms over name, summary, description and tags, filters, facets,
 * sorting and cursor pagination, always limited to what the caller may see. Answered in tiers that
 * give the same results (ARCHITECTURE.md "Catalog search"): {@code SearchCache} (pages already
 * written, per audience), {@code PublicCatalog} with its {@code CatalogIndex} (the public catalog
 * in memory, for callers who see only public appliances), and {@code SearchService} with {@code
 * CatalogSearch} (SQL). The first two hold results of one catalog <em>generation</em> ({@code
 * CatalogChanges}) and drop them when it moves.
 */
package dev.hangar.marketplace.search;
