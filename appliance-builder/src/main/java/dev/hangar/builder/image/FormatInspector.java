package dev.hangar.builder.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.tika.Tika;
import org.apache.tika.io.TikaInputStream;

/**
 * Decides an uploaded disk image's format and whether it is safe to store and convert, by parsing
 * its headers itself (never by asking qemu-img), after a first pass with Apache Tika.
 *
 * <p>Every format probe runs on every file: a file that parses as more than one format is a
 * polyglot and rejected, except for the layouts real images have (a hybrid ISO with a partition
 * table, a fixed VHD whose data is a partitioned disk).
 */
public final class FormatInspector {
  private final ImportLimits limits;
  private final Tika tika;

  /** Creates an inspector enforcing {@code limits}. */
  public FormatInspector(ImportLimits limits) {
    this.limits = limits;
    this.tika = DiskImageDetector.newTika();
  }

  /** Returns the import limits this inspector enforces. */
  public ImportLimits limits() {
    return limits;
  }

  /** Inspects {@code file} without a claimed format. */
  public InspectionResult inspect(Path file) throws IOException {
    return inspect(file, null);
  }

  /**
   * Inspects {@code file}, also flagging a {@code claimed} format (null: none) that differs from
   * the detected one; never throws for an unsafe image, the result lists its problems.
   */
  public InspectionResult inspect(Path file, ImageFormat claimed) throws IOException {
    String mediaType;
    try (InputStream in = TikaInputStream.get(file)) {
      // A stream without a resource name: Tika must not guess from the file name.
      mediaType = tika.detect(in);
    }
    InspectionResult r;
    try (ImageSource src = ImageSource.open(file)) {
      r = inspectSource(src, true);
    }
    Map<String, String> details = new LinkedHashMap<>(r.details());
    details.put("tika.media_type", mediaType);
    List<String> problems = new ArrayList<>(r.safetyProblems());
    ImageFormat tikaFormat = DiskImageDetector.formatOf(mediaType);
    String detected = details.getOrDefault("detected_formats", "");
    if (tikaFormat != null
        && !tikaFormat.isRawKind()
        && !List.of(detected.split(",")).contains(tikaFormat.name())) {
      problems.add(
          "format: Tika detects "
              + mediaType
              + " but the headers parse as "
              + (detected.isEmpty() ? "RAW" : detected));
    }
    if (claimed != null && !claimed.accepts(r.format())) {
      problems.add("format: claimed " + claimed + " but the file is " + r.format());
    }
    return new InspectionResult(r.format(), r.virtualSize(), details, problems);
  }

  /** Inspects {@code file} and returns the result, or throws {@link UnsafeImageException}. */
  public InspectionResult requireSafe(Path file, ImageFormat claimed) throws IOException {
    return inspect(file, claimed).requireSafe();
  }

  /** Inspects a byte range; {@code allowOva} is false for the disk inside an OVA. */
  InspectionResult inspectSource(ImageSource src, boolean allowOva) throws IOException {
    List<Detection> found = new ArrayList<>();
    Qcow2Probe.probe(src).ifPresent(found::add);
    QedProbe.probe(src).ifPresent(found::add);
    VmdkProbe.probe(src).ifPresent(found::add);
    VhdProbe.probe(src).ifPresent(found::add);
    VhdxProbe.probe(src).ifPresent(found::add);
    if (allowOva) {
      OvaProbe.probe(src, this).ifPresent(found::add);
    } else if (TarReader.isTar(src)) {
      found.add(new Detection(ImageFormat.OVA, 0, Map.of(), List.of("ova: nested archive")));
    }
    IsoProbe.probe(src).ifPresent(found::add);
    partitionTable(src).ifPresent(found::add);

    List<Detection> containers = found.stream().filter(d -> d.format().isContainer()).toList();
    List<Detection> rawKinds = found.stream().filter(d -> !d.format().isContainer()).toList();
    List<String> problems = new ArrayList<>();
    Detection chosen;
    if (!containers.isEmpty()) {
      chosen = containers.get(0);
      boolean rawAllowed = containers.size() == 1 && VhdProbe.isFixed(chosen);
      if (containers.size() > 1 || (!rawKinds.isEmpty() && !rawAllowed)) {
        problems.add("format: file parses as more than one format (" + names(found) + ")");
      }
    } else {
      chosen = rawKinds.isEmpty() ? raw(src) : rawKinds.get(0);
    }
    problems.addAll(chosen.problems());
    Map<String, String> details = new LinkedHashMap<>(chosen.details());
    details.put("detected_formats", names(found));
    if (chosen.format() == ImageFormat.ISO && rawKinds.size() > 1) {
      // Hybrid ISOs (isohybrid, xorriso) carry an MBR/GPT whose partitions point into the ISO.
      details.put("iso.hybrid_partition_table", rawKinds.get(1).format().name());
    }
    if (chosen.virtualSize() < 0 || chosen.virtualSize() > limits.maxVirtualSize()) {
      problems.add(
          "virtual_size: "
              + chosen.virtualSize()
              + " bytes outside the limit of "
              + limits.maxVirtualSize());
    }
    return new InspectionResult(chosen.format(), chosen.virtualSize(), details, problems);
  }

  private static Optional<Detection> partitionTable(ImageSource src) throws IOException {
    if (!PartitionTableReader.hasGptSignature(src) && !PartitionTableReader.looksLikeMbr(src)) {
      return Optional.empty();
    }
    PartitionTable table = PartitionTableReader.read(src);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("partitions", Integer.toString(table.entries().size()));
    for (PartitionEntry e : table.entries()) {
      details.put(
          "partition[" + e.index() + "]",
          "start=" + e.start() + " size=" + e.size() + " filesystem=" + e.filesystem());
    }
    ImageFormat format =
        table.scheme() == PartitionTable.Scheme.GPT ? ImageFormat.GPT : ImageFormat.MBR;
    return Optional.of(new Detection(format, src.size(), details, table.problems()));
  }

  private static Detection raw(ImageSource src) throws IOException {
    return new Detection(
        ImageFormat.RAW,
        src.size(),
        Map.of("filesystem", FilesystemType.probe(src).name()),
        List.of());
  }

  private static String names(List<Detection> found) {
    return found.stream().map(d -> d.format().name()).collect(Collectors.joining(","));
  }
}
