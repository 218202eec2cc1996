package dev.hangar.marketplace.imports;

import dev.hangar.builder.image.FilesystemType;
import dev.hangar.builder.image.FormatInspector;
import dev.hangar.builder.image.ImageConverter;
import dev.hangar.builder.image.ImageImportException;
import dev.hangar.builder.image.ImportLimits;
import dev.hangar.builder.image.InspectionResult;
import dev.hangar.builder.image.PartitionEntry;
import dev.hangar.builder.image.PartitionTable;
import dev.hangar.builder.image.UnsafeImageException;
import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.ApplianceApi.DiskLayout;
import dev.hangar.marketplace.appliance.ApplianceApi.PartitionSpec;
import dev.hangar.marketplace.appliance.ApplianceApi.TableEntry;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionDto;
import dev.hangar.marketplace.appliance.Names;
import dev.hangar.marketplace.appliance.VersionService;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.problem.Problem;
import dev.hangar.marketplace.progress.ProgressHub;
import dev.hangar.store.ContentStore;
import dev.hangar.store.PartitionManifest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Imports a whole disk image into a draft version. Order matters for "nothing half-stored": the
 * upload is spooled to a scratch directory, inspected (every safety rule) and converted, and the
 * raw disk's partition table checked, all before the content store sees a byte; the catalog rows
 * are written last, in one transaction. The scratch directory is removed whatever happens.
 */
@ApplicationScoped
public class ImportService {
  private static final long REPORT_EVERY = 16L << 20;

  private final VersionService versions;
  private final ContentStore store;
  private final ProgressHub progress;
  private final HangarConfig.Imports config;
  private final ImageConverter converter;

  public ImportService(
      VersionService versions, ContentStore store, ProgressHub progress, HangarConfig config) {
    this.versions = versions;
    this.store = store;
    this.progress = progress;
    this.config = config.imports();
    this.converter =
        new ImageConverter(
            new FormatInspector(
                new ImportLimits(
                    this.config.maxVirtualSize(),
                    this.config.toolAddressSpace(),
                    this.config.toolCpuSeconds(),
                    this.config.toolTimeout())));
  }

  /** A partition ready to be stored: its bytes in a scratch file and its catalog entry. */
  private record Part(Path file, String label, String role, String filesystem, Integer from) {}

  /**
   * Imports {@code body} into the draft {@code version} of the appliance and returns the version
   * with the new partitions appended: {@link #receive} and {@link #importReceived} in one.
   */
  public VersionDto importImage(
      Caller caller, UUID applianceId, String version, ImportRequest request, InputStream body) {
    try (ImageUpload upload = receive(caller, applianceId, version, body)) {
      return importReceived(caller, applianceId, version, request, upload);
    }
  }

  /**
   * Checks that the caller may import into the draft {@code version} (404, 403, or 409 if it is no
   * longer a draft) before reading a byte, then spools {@code body} to scratch space; the caller
   * closes the upload, which removes it.
   */
  public ImageUpload receive(Caller caller, UUID applianceId, String version, InputStream body) {
    UUID versionId = versions.draftForImport(caller, applianceId, version);
    ProgressHub.Operation op = progress.begin(versionId, "import");
    return ImageUpload.receive(versionId, body, config.workDir(), config.maxUploadBytes(), op);
  }

  /**
   * Imports a received upload into its draft version and returns the version with the new
   * partitions appended.
   *
   * @throws ApiException 422 naming the header field for an unsafe image, 400 naming the request
   *     parameter for a bad request, 409 naming {@code label} if the version has a partition of
   *     that label already (also when a concurrent import added it first)
   */
  public VersionDto importReceived(
      Caller caller, UUID applianceId, String version, ImportRequest request, ImageUpload upload) {
    ProgressHub.Operation op = upload.progress();
    Path work = upload.work();
    try {
      List<String> labels = versions.labels(upload.versionId());
      if (!request.extractPartitions() && labels.contains(request.label())) {
        throw ApiException.conflictingField(
            "label", "the version already has a partition labelled '" + request.label() + "'");
      }
      op.step("inspect", upload.size(), upload.size(), null, "claimed " + request.claimed());
      Path raw = work.resolve("disk.raw");
      InspectionResult inspection = convert(upload.file(), request, raw, work, op);
      Files.delete(upload.file()); // the raw disk is all that is needed from here on
      PartitionTable table = PartitionTable.read(raw);
      if (!table.problems().isEmpty()) {
        throw unsafe(table.problems());
      }
      List<Part> parts = plan(request, table, raw, work, labels);
      List<PartitionSpec> specs = new ArrayList<>();
      List<DiskLayout> layouts = new ArrayList<>();
      for (Part part : parts) {
        PartitionManifest m = store(part, op);
        specs.add(
            new PartitionSpec(
                part.label(),
                part.role(),
                request.kind(),
                part.filesystem(),
                m.size(),
                m.digest().toString()));
        layouts.add(layout(inspection, table, part.from()));
        Files.delete(part.file());
      }
      op.step("record", parts.size() + " partition(s)");
      VersionDto v = versions.appendImported(caller, applianceId, version, specs, layouts);
      op.done(inspection.format() + " image imported as " + parts.size() + " partition(s)");
      return v;
    } catch (ApiException e) {
      op.failed(e.getMessage());
      throw e;
    } catch (IOException e) {
      op.failed("the import failed on the server");
      throw new UncheckedIOException("image import into " + upload.versionId() + " failed", e);
    } catch (RuntimeException e) {
      op.failed("the import failed on the server");
      throw e;
    }
  }

  private InspectionResult convert(
      Path upload, ImportRequest request, Path raw, Path work, ProgressHub.Operation op) {
    try {
      InspectionResult r = converter.convertToRaw(upload, request.claimed(), raw);
      op.step("convert", r.virtualSize(), r.virtualSize(), null, r.format() + " to raw");
      return r;
    } catch (UnsafeImageException e) {
      throw unsafe(e.problems());
    } catch (ImageImportException e) {
      // Tool messages name scratch paths; the client needs only the reason.
      String reason = e.getMessage().replace(work + "/", "");
      throw new ApiException(
          422,
          "Image not importable",
          "body: " + reason,
          List.of(new Problem.FieldError("body", reason)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot convert the uploaded image", e);
    }
  }

  /** The partitions to store: the whole disk, or each used table entry. */
  private List<Part> plan(
      ImportRequest request, PartitionTable table, Path raw, Path work, List<String> labels)
      throws IOException {
    if (!request.extractPartitions()) {
      return List.of(new Part(raw, request.label(), request.role(), "raw", null));
    }
    if (table.scheme() == PartitionTable.Scheme.NONE || table.entries().isEmpty()) {
      throw ApiException.badField(
          "extractPartitions", "the image has no GPT or MBR partitions to extract");
    }
    List<PartitionEntry> entries = table.entries().stream().filter(e -> e.size() > 0).toList();
    if (labels.size() + entries.size() > VersionService.MAX_PARTITIONS) {
      throw ApiException.badField(
          "extractPartitions",
          entries.size()
              + " partitions would give the version more than "
              + VersionService.MAX_PARTITIONS);
    }
    List<Part> parts = new ArrayList<>();
    for (PartitionEntry e : entries) {
      String label = request.label() + "-p" + e.index();
      if (labels.contains(label)) {
        throw ApiException.conflictingField(
            "label", "the version already has a partition labelled '" + label + "'");
      }
      Path file = work.resolve("part" + e.index());
      PartitionTable.extractPartition(raw, e, file);
      String name = e.name() == null ? "" : e.name().toLowerCase(java.util.Locale.ROOT);
      String role = name.matches(Names.NAME) ? name : "part" + e.index();
      parts.add(new Part(file, label, role, filesystem(e.filesystem()), e.index()));
    }
    return parts;
  }

  private PartitionManifest store(Part part, ProgressHub.Operation op) throws IOException {
    long size = Files.size(part.file());
    try (InputStream in =
        new CountingInputStream(
            Files.newInputStream(part.file()),
            REPORT_EVERY,
            n -> op.step("store", n, size, null, part.label()))) {
      PartitionManifest m = store.putPartition(in);
      op.step("store", size, size, m.chunks().size(), part.label() + " " + m.digest());
      return m;
    }
  }

  private static DiskLayout layout(InspectionResult r, PartitionTable table, Integer from) {
    return new DiskLayout(
        r.format().name(),
        r.virtualSize(),
        table.scheme().name(),
        from,
        table.entries().stream()
            .map(
                e ->
                    new TableEntry(
                        e.index(),
                        e.start(),
                        e.size(),
                        e.typeGuid() != null ? e.typeGuid() : String.format("0x%02x", e.typeByte()),
                        e.name() == null ? "" : e.name(),
                        e.filesystem().name()))
            .toList());
  }

  private static String filesystem(FilesystemType type) {
    return switch (type) {
      case EXT4 -> "ext4";
      case SWAP -> "swap";
      default -> "raw";
    };
  }

  /** 422 with one field error per "field: reason" safety problem. */
  private static ApiException unsafe(List<String> problems) {
    List<Problem.FieldError> errors =
        problems.stream()
            .map(
                p -> {
                  int colon = p.indexOf(": ");
                  return colon > 0
                      ? new Problem.FieldError(p.substring(0, colon), p.substring(colon + 2))
                      : new Problem.FieldError("body", p);
                })
            .toList();
    return new ApiException(
        422, "Unsafe image", "the image was refused: " + String.join("; ", problems), errors);
  }
}
