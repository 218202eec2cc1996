/**
 * Catalog search: full-text terms over name, summary, description and tags, filters, facets,
 * sorting and cursor pagination, always limited to what the caller may see.
 */
package dev.hangar.marketplace.search;
