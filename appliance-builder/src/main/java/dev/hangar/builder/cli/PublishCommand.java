package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.builder.ApplianceDescriptor;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.publish.PublishClient;
import dev.hangar.builder.publish.UploadStats;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.MalformedMetadataException;
import dev.hangar.store.trust.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar publish <built-dir> --publisher P [--version V]}: uploads a built appliance through
 * the have/need exchange (only chunks the store lacks travel, so a rerun after an interruption
 * resumes), submits the signatures in {@code <built-dir>/signatures/} and the attestations in
 * {@code <built-dir>/attestations/} that are about this version, and publishes the version.
 */
@Command(
    name = "publish",
    description = "Publish a built appliance (dedup-aware, resumable); submits its signatures.")
final class PublishCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "BUILT-DIR", description = "Directory written by hangar build")
  Path built;

  @Option(names = "--publisher", required = true, paramLabel = "P", description = "Publisher")
  String publisher;

  @Option(
      names = "--version",
      paramLabel = "V",
      description = "Publish as this version instead of the recipe's")
  String version;

  PublishCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String token = ctx.requireToken();
    BuiltAppliance appliance = read(built, version);
    ApplianceDescriptor d = appliance.descriptor();
    List<byte[]> signatures = signatures(d);
    List<byte[]> attestations = attestations(d);
    UploadProgress progress = new UploadProgress(ctx);
    PublishClient.Published published =
        new PublishClient(ctx.apiRoot(), token)
            .withProgress(progress)
            .publish(publisher, appliance, signatures, attestations);
    progress.finish();
    UploadStats up = published.upload();
    ObjectNode result =
        CliContext.object()
            .put("appliance", publisher + "/" + d.name())
            .put("applianceId", published.applianceId().toString())
            .put("version", published.version())
            .put("newlyPublished", published.newlyPublished())
            .put("signatures", published.signatures())
            .put("attestations", published.attestations());
    result
        .putObject("upload")
        .put("files", up.files())
        .put("chunksOffered", up.chunksOffered())
        .put("chunksSent", up.chunksSent())
        .put("bytesSent", up.bytesSent())
        .put("bytesTotal", up.bytesTotal());
    ctx.emit(
        result,
        (published.newlyPublished() ? "published " : "already published ")
            + publisher
            + "/"
            + d.name()
            + "@"
            + published.version()
            + " ("
            + published.applianceId()
            + ")\n  sent "
            + up.chunksSent()
            + " of "
            + up.chunksOffered()
            + " chunks, "
            + ProgressBar.bytes(up.bytesSent())
            + " of "
            + ProgressBar.bytes(up.bytesTotal())
            + "; "
            + published.signatures()
            + " signature(s), "
            + published.attestations()
            + " attestation(s) submitted");
    return ExitCodes.OK;
  }

  /** Reads a built directory, with its version replaced by {@code version} when given. */
  static BuiltAppliance read(Path dir, String version) {
    if (!Files.isRegularFile(dir.resolve(BuiltAppliance.DESCRIPTOR_FILE))) {
      throw new CliException(
          ExitCodes.USAGE,
          dir + " is not a built appliance (no " + BuiltAppliance.DESCRIPTOR_FILE + ")");
    }
    BuiltAppliance b = BuiltAppliance.read(dir);
    if (version == null) {
      return b;
    }
    ApplianceDescriptor d = b.descriptor();
    return new BuiltAppliance(
        new ApplianceDescriptor(
            d.name(),
            version,
            d.summary(),
            d.description(),
            d.requirements(),
            d.cmdline(),
            d.kernel(),
            d.initrd(),
            d.partitions(),
            d.contextSchema(),
            d.components()),
        dir);
  }

  /** The envelopes of {@code built/signatures} that sign this publisher's manifest of {@code d}. */
  private List<byte[]> signatures(ApplianceDescriptor d) {
    Path dir = built.resolve(SignCommand.SIGNATURES);
    List<byte[]> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        byte[] bytes = Files.readAllBytes(f);
        try {
          ApplianceManifest m = ApplianceManifest.parse(Envelope.parse(bytes).payload());
          if (m.publisher().equals(publisher)
              && m.name().equals(d.name())
              && m.version().toString().equals(d.version())) {
            out.add(bytes);
          } else {
            ctx.note("skipping " + f + ": it signs " + m.appliance() + "@" + m.version());
          }
        } catch (MalformedMetadataException e) {
          throw new CliException(
              ExitCodes.USAGE, f + " is not a signed manifest: " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    return out;
  }

  /**
   * The envelopes of {@code built/attestations} (written by {@code hangar sign}) whose statement is
   * about this publisher's {@code d}: a subject named {@code publisher/name@version}.
   */
  private List<byte[]> attestations(ApplianceDescriptor d) {
    Path dir = built.resolve(SignCommand.ATTESTATIONS);
    List<byte[]> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    String subject = publisher + "/" + d.name() + "@" + d.version();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        byte[] bytes = Files.readAllBytes(f);
        try {
          Statement s = Statement.parse(Envelope.parse(bytes).payload());
          if (s.subjects().stream().anyMatch(x -> x.name().equals(subject))) {
            out.add(bytes);
          }
        } catch (MalformedMetadataException e) {
          throw new CliException(
              ExitCodes.USAGE, f + " is not a signed attestation: " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    return out;
  }

  /** One progress bar per file that has chunks to send; a line for files already stored. */
  private static final class UploadProgress implements PublishClient.Progress {
    private final CliContext ctx;
    private ProgressBar bar;

    UploadProgress(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void uploading(String file, long missingChunks, long missingBytes) {
      finish();
      if (missingChunks == 0) {
        ctx.note(file + ": already stored, nothing to send");
      } else {
        bar = new ProgressBar(ctx.err, ctx.tty, file, missingBytes);
      }
    }

    @Override
    public void chunkSent(String file, long sentChunks, long missingChunks, int bytes) {
      if (bar != null) {
        bar.advance(bytes);
      }
    }

    void finish() {
      if (bar != null) {
        bar.finish();
        bar = null;
      }
    }
  }
}
