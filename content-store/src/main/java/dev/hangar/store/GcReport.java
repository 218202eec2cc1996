package dev.hangar.store;

/**
 * Outcome of one {@link Gc#run}.
 *
 * @param partitionsKept manifests kept (live roots, or touched within the grace window)
 * @param partitionsDeleted unreferenced manifests removed
 * @param chunksKept chunk objects kept (referenced, or too young to judge)
 * @param chunksDeleted chunk objects removed
 * @param recordsDeleted touch records, expired leases and sweep records removed
 * @param firstSeen unreferenced objects no touch record named, dated from this run
 */
public record GcReport(
    int partitionsKept,
    int partitionsDeleted,
    int chunksKept,
    int chunksDeleted,
    int recordsDeleted,
    int firstSeen) {}
