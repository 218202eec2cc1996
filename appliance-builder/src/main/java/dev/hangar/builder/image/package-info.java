/**
 * Safe import of whole disk images: format detection by our own header parsing (after a first pass
 * with Apache Tika), safety rules applied before anything is stored, partition table reading and
 * conversion to raw with qemu-img under resource limits.
 *
 * <p>Terms:
 *
 * <ul>
 *   <li><b>Format</b> ({@link dev.hangar.builder.image.ImageFormat}): how the file encodes a disk;
 *       <b>raw kinds</b> (RAW, GPT, MBR) are the disk bytes themselves, <b>containers</b> (qcow2,
 *       VMDK, VHD, VHDX, QED, OVA) wrap them in metadata only qemu-img can unwrap.
 *   <li><b>Virtual size</b>: the size in bytes of the disk the image represents, as its header
 *       states; bounded by {@link dev.hangar.builder.image.ImportLimits}.
 *   <li><b>Safety problem</b>: a "field: reason" string naming the header field that breaks a rule
 *       (a backing file, an external data file, unknown feature bits, encryption, extents in other
 *       files, an insane partition table, a polyglot, a wrong claimed format, an oversize disk).
 *   <li><b>Polyglot</b>: a file that parses as more than one format; rejected because two tools
 *       could read it as two different disks.
 *   <li><b>OVA</b>: a tar archive of an OVF envelope and the one disk it declares; the disk is
 *       inspected in place inside the archive with the same rules.
 * </ul>
 */
package dev.hangar.builder.image;
