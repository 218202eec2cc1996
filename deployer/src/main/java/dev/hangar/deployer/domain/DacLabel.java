package dev.hangar.deployer.domain;

import dev.hangar.deployer.libvirt.LibvirtXml;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user and group QEMU runs as on a node, pinned per domain with relabelling off ({@code
 * <seclabel type='static' model='dac' relabel='no'>}), so libvirt never changes the ownership of
 * the domain's files.
 *
 * <p>Why: with libvirt's default dynamic DAC labelling, every start chowns the kernel, initrd and
 * disks to the QEMU user and every stop chowns the kernel and initrd back to root. Each chown sets
 * the file's change time, so the shared cache volumes never kept the stamp their last verification
 * recorded and were re-hashed on every deploy; and the shared raw bases stayed owned, hence
 * writable, by every QEMU process on the node. With a static label the deployer sets ownership
 * once, when it creates a volume: content read-only to the QEMU group, per-deployment writable
 * volumes owned by the QEMU user.
 *
 * @param uid numeric user id QEMU runs as
 * @param gid numeric group id QEMU runs as
 */
public record DacLabel(int uid, int gid) {
  private static final Pattern NUMERIC = Pattern.compile("\\+?(\\d+):\\+?(\\d+)");

  /** Rejects negative ids. */
  public DacLabel {
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("negative uid or gid: " + uid + ":" + gid);
    }
  }

  /**
   * The DAC base label a node's libvirt capabilities report ({@code <secmodel><model>dac</model>
   * <baselabel type='qemu'>+995:+995</baselabel>}); empty when the node has no DAC security driver
   * (test driver, other hypervisors), reports no base label, reports names rather than numbers, or
   * reports different labels for different domain types (no one label then fits every volume).
   */
  public static Optional<DacLabel> fromCapabilities(String capabilitiesXml) {
    List<String> labels =
        LibvirtXml.parse(capabilitiesXml)
            .values("/capabilities/host/secmodel[model='dac']/baselabel")
            .stream()
            .distinct()
            .toList();
    if (labels.size() != 1) {
      return Optional.empty();
    }
    Matcher m = NUMERIC.matcher(labels.get(0));
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new DacLabel(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty(); // out of int range: not a label this deployer can pin
    }
  }

  /** The label as libvirt writes numeric ids: {@code +uid:+gid}. */
  public String xmlValue() {
    return "+" + uid + ":+" + gid;
  }
}
