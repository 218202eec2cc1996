/**
 * Import of whole disk images into a draft version: the upload is inspected by the builder's {@code
 * FormatInspector} (Apache Tika plus our own header parsers) before anything is stored, converted
 * to raw with qemu-img under resource limits, its GPT/MBR table recorded, and stored through the
 * content store as one whole-disk partition or one partition per table entry.
 *
 * <p>Terms: the <em>claimed format</em> is what the publisher says the upload is; the <em>detected
 * format</em> is what its headers are; a <em>disk layout</em> is the source format, virtual size
 * and partition table recorded with each imported partition.
 */
package dev.hangar.marketplace.imports;
