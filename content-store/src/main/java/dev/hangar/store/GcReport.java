package dev.hangar.store;

/**
 * Outcome of one {@link Gc#run}.
 *
 * @param partitionsKept manifests kept (live roots, or touched within the grace window)
 * @param partitionsDeleted unreferenced manifests removed
 * @param chunksKept distinct chunks still stored in packs after the run
 * @param chunksDeleted distinct chunks no longer stored anywhere after the run
 * @param recordsDeleted touch records, expired leases and sweep records removed
 * @param firstSeen objects no touch record named (manifests, packs), dated from this run
 * @param packsDeleted packs removed whole (no live chunk, or never indexed)
 * @param packsRepacked mostly-dead packs whose live chunks were copied into new packs
 */
public record GcReport(
    int partitionsKept,
    int partitionsDeleted,
    int chunksKept,
    int chunksDeleted,
    int recordsDeleted,
    int firstSeen,
    int packsDeleted,
    int packsRepacked) {}
