package dev.hangar.context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A file system cloud-init creates on a whole, unpartitioned disk such as a blankspace partition
 * ({@code fs_setup}); an existing file system on the device is never overwritten.
 *
 * @param label file system label: letters, digits, '-' and '_', at most 12 characters for xfs and
 *     16 otherwise
 * @param filesystem one of {@code ext2}, {@code ext3}, {@code ext4}, {@code xfs}, {@code btrfs}
 * @param device the whole device under {@code /dev/}
 */
public record FsSetupSpec(String label, String filesystem, String device) {
  private static final Pattern FILESYSTEM = Pattern.compile("ext[234]|xfs|btrfs");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,16}");

  /** Validates every field; {@link InvalidSeedException#field()} names the offending one. */
  public FsSetupSpec {
    Fields.devicePath("fs_setup.device", device);
    String at = "fs_setup[" + device + "]";
    Fields.matching(
        at + ".filesystem", filesystem, FILESYSTEM, "must be ext2, ext3, ext4, xfs or btrfs");
    Fields.matching(at + ".label", label, LABEL, "must be 1-16 letters, digits, '-' or '_'");
    if (filesystem.equals("xfs") && label.length() > 12) {
      throw new InvalidSeedException(at + ".label", "must be at most 12 characters for xfs");
    }
  }

  Map<String, Object> toCloudConfig() {
    Map<String, Object> fs = new LinkedHashMap<>();
    fs.put("label", label);
    fs.put("filesystem", filesystem);
    fs.put("device", device);
    // "none" puts the file system on the raw device; blankspace disks carry no partition table.
    fs.put("partition", "none");
    fs.put("overwrite", false);
    return fs;
  }
}
