package dev.hangar.marketplace.imports;

import dev.hangar.builder.image.ImageFormat;
import dev.hangar.marketplace.appliance.Names;
import dev.hangar.marketplace.appliance.PartitionKind;
import dev.hangar.marketplace.problem.ApiException;
import java.util.Locale;

/**
 * What a publisher asks of an import, from the query parameters of {@code POST
 * .../versions/{v}/import}.
 *
 * @param claimed the format the publisher says the upload is; it must be the detected one
 * @param label label of the whole-disk partition, or the prefix {@code <label>-p<N>} of extracted
 *     ones
 * @param role role of the whole-disk partition
 * @param kind how the imported partitions are attached
 * @param extractPartitions store each GPT/MBR partition as its own partition (for direct kernel
 *     boot) instead of the whole disk as one
 */
public record ImportRequest(
    ImageFormat claimed, String label, String role, PartitionKind kind, boolean extractPartitions) {

  /** Validates the query parameters, naming the first bad one. */
  public static ImportRequest parse(
      String format, String label, String role, String kind, boolean extractPartitions) {
    if (format == null || format.isBlank()) {
      throw ApiException.badField(
          "format", "is required: the image's format (raw, qcow2, vmdk, vhd, vhdx, iso or ova)");
    }
    ImageFormat claimed;
    try {
      claimed = ImageFormat.valueOf(format.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(
          "format", "'" + format + "' is not raw, qcow2, vmdk, vhd, vhdx, iso or ova");
    }
    String l = label == null || label.isBlank() ? "disk" : label;
    String r = role == null || role.isBlank() ? "disk" : role;
    if (!l.matches(Names.NAME) || l.length() > 58) {
      throw ApiException.badField("label", Names.NAME_RULE + ", at most 58 characters");
    }
    if (!r.matches(Names.NAME)) {
      throw ApiException.badField("role", Names.NAME_RULE);
    }
    PartitionKind k;
    try {
      k =
          kind == null || kind.isBlank()
              ? PartitionKind.COPY_ON_WRITE
              : PartitionKind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("kind", "must be COPY_ON_WRITE or SHARED_READONLY");
    }
    if (k == PartitionKind.EMPTY) {
      throw ApiException.badField(
          "kind", "an imported partition has content: COPY_ON_WRITE or SHARED_READONLY");
    }
    return new ImportRequest(claimed, l, r, k, extractPartitions);
  }
}
