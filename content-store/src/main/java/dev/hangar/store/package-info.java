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
 *       identified by the SHA-256 of its raw bytes and stored once (zstd-compressed) under {@code
 *       chunks/<first two hex digits>/<hex>} however many partitions contain it. All-zero chunks
 *       are not stored but recorded as zero runs.
 *   <dt>manifest
 *   <dd>The JSON recipe of a partition ({@link dev.hangar.store.PartitionManifest}): its digest,
 *       size and the ordered list of chunk references and zero runs that reproduce it, stored under
 *       {@code partitions/<hex>.json} only after all of its chunks.
 * </dl>
 */
package dev.hangar.store;
