package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar import <image> --appliance publisher/name@version --format F}: streams a whole disk
 * image (raw, qcow2, vmdk, vhd, vhdx, iso, ova) into an existing draft version through {@code POST
 * …/versions/{v}/import}, where the marketplace checks the format before storing anything.
 */
@Command(
    name = "import",
    description =
        "Import a disk image (raw, qcow2, vmdk, vhd, vhdx, iso, ova) into a draft version.")
final class ImportCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "IMAGE", description = "The disk image file")
  Path image;

  @Option(
      names = "--appliance",
      required = true,
      paramLabel = "P/NAME@VERSION",
      description = "The draft version to import into")
  String appliance;

  @Option(
      names = "--format",
      required = true,
      paramLabel = "FORMAT",
      description = "What the image is; must equal the detected format")
  String format;

  @Option(names = "--label", paramLabel = "LABEL", description = "Partition label (default disk)")
  String label;

  @Option(names = "--role", paramLabel = "ROLE", description = "Partition role (default disk)")
  String role;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      description = "COPY_ON_WRITE (default) or SHARED_READONLY")
  String kind;

  @Option(
      names = "--extract-partitions",
      description = "Store each GPT/MBR partition separately (for direct kernel boot)")
  boolean extractPartitions;

  ImportCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ctx.requireToken();
    ApplianceRef ref = ApplianceRef.parse(appliance);
    if (ref.version() == null) {
      throw new CliException(
          ExitCodes.USAGE, "--appliance needs @version: the draft to import into");
    }
    if (!Files.isRegularFile(image)) {
      throw new CliException(ExitCodes.USAGE, "no image file " + image);
    }
    ApiClient api = ctx.client();
    UUID id = api.applianceId(ref.publisher(), ref.name());
    Map<String, String> query = new LinkedHashMap<>();
    query.put("format", format);
    if (label != null) {
      query.put("label", label);
    }
    if (role != null) {
      query.put("role", role);
    }
    if (kind != null) {
      query.put("kind", kind);
    }
    if (extractPartitions) {
      query.put("extractPartitions", "true");
    }
    String path =
        "appliances/"
            + id
            + "/versions/"
            + ref.version()
            + "/import?"
            + query.entrySet().stream()
                .map(
                    e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    ProgressBar bar =
        new ProgressBar(ctx.err, ctx.tty, "import " + image.getFileName(), Files.size(image));
    JsonNode version = api.postFile(path, image, bar);
    bar.finish();
    StringBuilder human =
        new StringBuilder("imported ").append(image).append(" into ").append(ref).append('\n');
    for (JsonNode p : version.path("partitions")) {
      human
          .append("  ")
          .append(p.path("label").asText())
          .append("  ")
          .append(p.path("digest").asText())
          .append("  ")
          .append(p.path("sizeBytes").asLong())
          .append(" bytes\n");
    }
    ctx.emit(version, human.toString().stripTrailing());
    return ExitCodes.OK;
  }
}
