package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.builder.ApplianceBuilder;
import dev.hangar.builder.ApplianceDescriptor;
import dev.hangar.builder.ApplianceDescriptor.FileRef;
import dev.hangar.builder.ApplianceDescriptor.PartitionImage;
import dev.hangar.builder.BuilderConfig;
import dev.hangar.builder.BuiltAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hangar build <recipe> [-o dir]}: builds an appliance and prints its file digests. */
@Command(
    name = "build",
    description = "Build an appliance from a recipe (a directory with recipe.yaml, or the file).")
final class BuildCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "RECIPE", description = "Recipe directory or recipe.yaml")
  Path recipe;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Output directory (default: build/<recipe directory name>)")
  Path output;

  BuildCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Path file = Files.isDirectory(recipe) ? recipe.resolve("recipe.yaml") : recipe;
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCodes.USAGE, "no recipe at " + file);
    }
    Path dir = file.toAbsolutePath().getParent();
    Path out = output != null ? output : Path.of("build", dir.getFileName().toString());
    BuilderConfig config = BuilderConfig.defaults();
    if (ctx.env.containsKey("SOURCE_DATE_EPOCH")) {
      try {
        config = config.withSourceDateEpoch(Long.parseLong(ctx.env.get("SOURCE_DATE_EPOCH")));
      } catch (NumberFormatException e) {
        throw new CliException(ExitCodes.USAGE, "SOURCE_DATE_EPOCH is not a number");
      }
    }
    ctx.note("building " + file + " into " + out);
    BuiltAppliance built = new ApplianceBuilder(config).build(file, out);
    ctx.emit(describe(built), human(built));
    return ExitCodes.OK;
  }

  static ObjectNode describe(BuiltAppliance built) {
    ApplianceDescriptor d = built.descriptor();
    ObjectNode result =
        CliContext.object()
            .put("name", d.name())
            .put("version", d.version())
            .put("directory", built.outDir().toAbsolutePath().toString());
    result.set("kernel", file(d.kernel()));
    result.set("initrd", file(d.initrd()));
    ArrayNode parts = result.putArray("partitions");
    for (PartitionImage p : d.partitions()) {
      ObjectNode o =
          parts
              .addObject()
              .put("label", p.label())
              .put("role", p.role())
              .put("kind", p.kind().name())
              .put("sizeBytes", p.sizeBytes());
      if (p.sha256() != null) {
        o.put("file", p.file()).put("digest", "sha256:" + p.sha256());
      }
    }
    ArrayNode components = result.putArray("components");
    d.components().forEach(components::add);
    return result;
  }

  private static ObjectNode file(FileRef ref) {
    return CliContext.object()
        .put("file", ref.file())
        .put("digest", "sha256:" + ref.sha256())
        .put("size", ref.size());
  }

  private static String human(BuiltAppliance built) {
    ApplianceDescriptor d = built.descriptor();
    StringBuilder b =
        new StringBuilder()
            .append(d.name())
            .append(' ')
            .append(d.version())
            .append(" built in ")
            .append(built.outDir())
            .append('\n');
    b.append(
        String.format(
            "  %-12s sha256:%s  %d bytes%n", "kernel", d.kernel().sha256(), d.kernel().size()));
    b.append(
        String.format(
            "  %-12s sha256:%s  %d bytes%n", "initrd", d.initrd().sha256(), d.initrd().size()));
    for (PartitionImage p : d.partitions()) {
      b.append(
          String.format(
              "  %-12s %s  %d bytes (%s)%n",
              p.label(),
              p.sha256() == null ? "(blank space, made on the node)" : "sha256:" + p.sha256(),
              p.sizeBytes(),
              p.kind()));
    }
    if (!d.components().isEmpty()) {
      b.append(String.format("  %-12s %s%n", "components", String.join(", ", d.components())));
    }
    return b.toString().stripTrailing();
  }
}
