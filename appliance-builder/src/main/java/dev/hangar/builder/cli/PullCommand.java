package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.MalformedMetadataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar pull <publisher/appliance[@version]> -o dir}: downloads a bundle for offline
 * verification: the newest signed manifest of the version, the envelopes signing it, the version's
 * attestations and every file the manifest lists. Files already present and correct are kept and an
 * interrupted file continues with a Range request, so a rerun completes an interrupted pull.
 */
@Command(name = "pull", description = "Download a signed appliance bundle for hangar verify.")
final class PullCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "APPLIANCE", description = "publisher/appliance[@version]")
  String appliance;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "DIR",
      description = "Bundle directory")
  Path output;

  PullCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ApplianceRef ref = ApplianceRef.parse(appliance);
    ApiClient api = ctx.client();
    UUID id = api.applianceId(ref.publisher(), ref.name());
    String version = ref.version();
    if (version == null) {
      version = api.get("appliances/" + id).path("latestVersion").asText(null);
      if (version == null) {
        throw new CliException(ExitCodes.REFUSED, ref + " has no published version");
      }
    }
    String versionPath = "appliances/" + id + "/versions/" + version;
    JsonNode signatures = api.get(versionPath + "/signatures");
    byte[] manifestBytes = newestSignedManifest(signatures);
    if (manifestBytes == null) {
      ctx.note(ref.publisher() + "/" + ref.name() + "@" + version + " is unsigned");
      manifestBytes = api.bytes(versionPath + "/manifest");
    }
    ApplianceManifest manifest;
    try {
      manifest = ApplianceManifest.parse(manifestBytes);
    } catch (MalformedMetadataException e) {
      throw new CliException(
          ExitCodes.VERIFICATION_FAILED,
          "the marketplace's manifest is malformed: " + e.getMessage());
    }
    Files.createDirectories(output);
    Files.write(output.resolve(Bundle.MANIFEST), manifestBytes);
    int signed = writeEnvelopes(signatures, Bundle.SIGNATURES, manifestBytes);
    int attested =
        writeEnvelopes(api.get(versionPath + "/attestations"), Bundle.ATTESTATIONS, null);
    Map<Digest, Long> files = Bundle.artifacts(manifest);
    long total = files.values().stream().mapToLong(Long::longValue).sum();
    ProgressBar bar = new ProgressBar(ctx.err, ctx.tty, "pull " + manifest.appliance(), total);
    long transferred = 0;
    for (Map.Entry<Digest, Long> f : files.entrySet()) {
      transferred += Bundle.download(api, output, f.getKey(), f.getValue(), bar);
    }
    bar.finish();
    ObjectNode result =
        CliContext.object()
            .put("appliance", manifest.appliance())
            .put("version", manifest.version().toString())
            .put("manifestDigest", manifest.digest().toString())
            .put("directory", output.toAbsolutePath().toString())
            .put("signatures", signed)
            .put("attestations", attested)
            .put("files", files.size())
            .put("bytesTotal", total)
            .put("bytesTransferred", transferred);
    Files.writeString(output.resolve(Bundle.NOTE), CliContext.write(result) + "\n");
    ctx.emit(
        result,
        "pulled "
            + manifest.appliance()
            + "@"
            + manifest.version()
            + " into "
            + output
            + " ("
            + files.size()
            + " files, "
            + signed
            + " signature(s), "
            + attested
            + " attestation(s))");
    return ExitCodes.OK;
  }

  /** Returns the payload signed by the newest stored signature, or null if there is none. */
  private static byte[] newestSignedManifest(JsonNode signatures) {
    JsonNode newest = null;
    for (JsonNode s : signatures) {
      if (newest == null
          || s.path("issuedAt").asText().compareTo(newest.path("issuedAt").asText()) > 0) {
        newest = s;
      }
    }
    return newest == null ? null : payload(newest.path("envelope"));
  }

  private static byte[] payload(JsonNode envelope) {
    String b64 = envelope.path("payload").asText();
    return Base64.getDecoder().decode(b64.replace('-', '+').replace('_', '/'));
  }

  /**
   * Writes the envelopes of {@code stored} (signature or attestation listings) to {@code sub}, only
   * those whose payload is {@code payload} when it is given; returns how many.
   */
  private int writeEnvelopes(JsonNode stored, String sub, byte[] payload) {
    Path dir = output.resolve(sub);
    try {
      if (Files.isDirectory(dir)) {
        for (Path old : Bundle.envelopes(output, sub)) {
          Files.delete(old);
        }
      }
      Files.createDirectories(dir);
      List<JsonNode> kept = new ArrayList<>();
      for (JsonNode s : stored) {
        if (payload == null || java.util.Arrays.equals(payload(s.path("envelope")), payload)) {
          kept.add(s.path("envelope"));
        }
      }
      for (int i = 0; i < kept.size(); i++) {
        Files.writeString(
            dir.resolve(String.format("%03d.dsse.json", i + 1)),
            CliContext.write(kept.get(i)) + "\n",
            StandardCharsets.UTF_8);
      }
      return kept.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir, e);
    }
  }
}
