/**
 * Framework-free, deduplicating and verifying storage of appliance partitions.
 *
 * <p>Terms used throughout this package (the normative format is FORMAT.md, "Content store"):
 *
 * <dl>
 *   <dt>blob
 *   <dd>An immutable byte object stored under a string key in a {@link dev.hangar.store.BlobStore}
 *       (a file below a root directory, or an S3 object). Puts are atomic; keys are
 *       content-addressed by convention, so objects are write-once.
 *   <dt>partition
 *   <dd>One disk image of an appliance (e.g. a root file system), an arbitrary byte stream.
 *   <dt>partition digest
 *   <dd>The SHA-256 of all raw bytes of a partition, written {@code sha256:<64 lowercase hex>}
 *       ({@link dev.hangar.store.Digest}); it identifies the partition.
 *   <dt>chunk
 *   <dd>A content-defined slice of a partition cut by {@link dev.hangar.store.FastCdcChunker},
 *       identified by the SHA-256 of its raw bytes and stored once (zstd-compressed, or raw if that
 *       is not smaller) in a pack however many partitions contain it. All-zero chunks are not
 *       stored but recorded as zero runs. Touch records name a chunk {@code chunks/<first two hex
 *       digits>/<hex>}.
 *   <dt>pack
 *   <dd>An object {@code packs/<id[0..2)>/<id>} holding many stored chunks back to back (about 16
 *       MiB), written once; its <em>pack index</em> {@code index/<id>.json}, written after it, says
 *       where each chunk lies. The union of all indexes, kept in memory, decides what is stored.
 *   <dt>manifest
 *   <dd>The JSON recipe of a partition ({@link dev.hangar.store.PartitionManifest}): its digest,
 *       size and the ordered list of chunk references and zero runs that reproduce it, stored under
 *       {@code partitions/<hex>.json} only after all of its chunks.
 *   <dt>root
 *   <dd>A partition the catalog holds; the caller passes the roots to {@link dev.hangar.store.Gc}.
 *   <dt>touch record
 *   <dd>An object {@code touch/<id>.json} saying that the objects it names were in use at its time;
 *       an object's age is the latest such time.
 *   <dt>grace window
 *   <dd>How long an unreferenced object is kept after its last touch ({@link
 *       dev.hangar.store.StoreTimings#grace()}).
 *   <dt>lease
 *   <dd>An object {@code leases/<id>} by which a running upload keeps everything touched since its
 *       start from being collected ({@link dev.hangar.store.Lease}).
 *   <dt>sweep record
 *   <dd>An object {@code gc/<id>} announcing a running collector; commits wait until none is live.
 * </dl>
 */
package dev.hangar.store;
