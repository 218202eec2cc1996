package dev.hangar.builder.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises an OVA (a tar holding an .ovf envelope) and inspects the single disk the envelope
 * names, in place inside the archive, with the same rules as a stand-alone image.
 */
final class OvaProbe {
  static final String DISK_MEMBER = "ova.disk";
  static final String DISK_OFFSET = "ova.disk.offset";
  static final String DISK_LENGTH = "ova.disk.length";
  static final String DISK_FORMAT = "ova.disk.format";
  private static final int MAX_OVF = 1 << 20;

  private OvaProbe() {}

  static Optional<Detection> probe(ImageSource src, FormatInspector inspector) throws IOException {
    if (!TarReader.isTar(src)) {
      return Optional.empty();
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> details = new LinkedHashMap<>();
    List<TarReader.Member> members = TarReader.members(src, problems);
    Map<String, TarReader.Member> byName = new LinkedHashMap<>();
    List<TarReader.Member> ovfs = new ArrayList<>();
    for (TarReader.Member m : members) {
      if (!m.isRegularFile()) {
        problems.add("ova.member[" + m.name() + "]: type '" + m.type() + "' is not a file");
      } else if (m.name().contains("/") || m.name().equals("..")) {
        problems.add("ova.member[" + m.name() + "]: member names must not contain a path");
      }
      if (byName.put(m.name(), m) != null) {
        problems.add("ova.member[" + m.name() + "]: appears more than once");
      }
      if (m.name().endsWith(".ovf")) {
        ovfs.add(m);
      }
    }
    long virtualSize = 0;
    if (ovfs.size() != 1) {
      problems.add("ova: archive must hold exactly one .ovf descriptor, holds " + ovfs.size());
    } else if (ovfs.get(0).size() > MAX_OVF) {
      problems.add("ova.ovf: descriptor larger than 1 MiB");
    } else {
      TarReader.Member ovf = ovfs.get(0);
      details.put("ova.ovf", ovf.name());
      List<OvfDescriptor.Disk> disks;
      try {
        disks = OvfDescriptor.disks(src.read(ovf.dataOffset(), (int) ovf.size()));
      } catch (ImageImportException e) {
        problems.add("ova.ovf: " + e.getMessage());
        return Optional.of(new Detection(ImageFormat.OVA, 0, details, problems));
      }
      if (disks.size() != 1) {
        problems.add(
            "ova.ovf.DiskSection: must declare exactly one disk, declares " + disks.size());
      } else {
        virtualSize = inspectDisk(src, disks.get(0), byName, inspector, details, problems);
      }
    }
    return Optional.of(new Detection(ImageFormat.OVA, virtualSize, details, problems));
  }

  private static long inspectDisk(
      ImageSource src,
      OvfDescriptor.Disk disk,
      Map<String, TarReader.Member> byName,
      FormatInspector inspector,
      Map<String, String> details,
      List<String> problems)
      throws IOException {
    String field = "ova.ovf.disk[" + disk.diskId() + "]";
    if (!disk.compression().isEmpty() && !"identity".equals(disk.compression())) {
      problems.add(field + ": compressed disk files (" + disk.compression() + ") not accepted");
      return 0;
    }
    TarReader.Member member = byName.get(disk.href());
    if (member == null || !member.isRegularFile()) {
      problems.add(field + ": references '" + disk.href() + "', which is not in the archive");
      return 0;
    }
    InspectionResult inner =
        inspector.inspectSource(src.slice(member.dataOffset(), member.size()), false);
    details.put(DISK_MEMBER, member.name());
    details.put(DISK_OFFSET, Long.toString(member.dataOffset()));
    details.put(DISK_LENGTH, Long.toString(member.size()));
    details.put(DISK_FORMAT, inner.format().name());
    inner.details().forEach((k, v) -> details.put("ova.disk." + k, v));
    for (String p : inner.safetyProblems()) {
      problems.add("ova.disk[" + member.name() + "]: " + p);
    }
    return inner.virtualSize();
  }
}
