package dev.hangar.builder.cli;

import dev.hangar.builder.BuiltAppliance;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.MalformedMetadataException;
import dev.hangar.store.trust.SigningKey;
import dev.hangar.store.trust.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar sign <built-dir> --key K --publisher P}: signs the canonical manifest the
 * marketplace will derive for the built appliance, writing a DSSE envelope to {@code
 * <built-dir>/signatures/}, and the build's provenance statement (about that manifest too) to
 * {@code <built-dir>/attestations/}; {@code hangar publish} submits both.
 */
@Command(
    name = "sign",
    description =
        "Sign a built appliance's manifest (DSSE) into BUILT-DIR/signatures/ and its"
            + " provenance into BUILT-DIR/attestations/.")
final class SignCommand implements Callable<Integer> {
  /** Directory of a built appliance holding the envelopes {@code hangar publish} submits. */
  static final String SIGNATURES = "signatures";

  /** Directory of a built appliance holding the signed attestations {@code hangar publish} adds. */
  static final String ATTESTATIONS = "attestations";

  private final CliContext ctx;

  @Parameters(paramLabel = "BUILT-DIR", description = "Directory written by hangar build")
  Path built;

  @Option(names = "--key", required = true, paramLabel = "KEY", description = "Private key file")
  Path key;

  @Option(
      names = "--publisher",
      required = true,
      paramLabel = "P",
      description = "Publisher the appliance is published under (part of the manifest)")
  String publisher;

  @Option(
      names = "--version",
      paramLabel = "V",
      description = "Version to sign for, if published with publish --version")
  String version;

  SignCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    BuiltAppliance appliance = PublishCommand.read(built, version);
    SigningKey signingKey = KeyFiles.readSigningKey(key);
    ApplianceManifest manifest = BuiltManifest.of(appliance.descriptor(), publisher, Instant.now());
    Envelope envelope =
        Envelope.of(ApplianceManifest.PAYLOAD_TYPE, manifest.toCanonicalJson())
            .signedBy(signingKey);
    String keyHex = signingKey.keyId().substring("sha256:".length(), "sha256:".length() + 16);
    Path file = built.resolve(SIGNATURES).resolve(manifest.version() + "-" + keyHex + ".dsse.json");
    write(file, envelope.toBytes());
    Path attestation = signProvenance(appliance, manifest, signingKey, keyHex);
    ctx.emit(
        CliContext.object()
            .put("provenance", attestation == null ? null : attestation.toAbsolutePath().toString())
            .put("appliance", manifest.appliance())
            .put("version", manifest.version().toString())
            .put("keyId", signingKey.keyId())
            .put("manifestDigest", manifest.digest().toString())
            .put("issuedAt", manifest.issuedAt().toString())
            .put("envelope", file.toAbsolutePath().toString()),
        "signed "
            + manifest.appliance()
            + "@"
            + manifest.version()
            + " (manifest "
            + manifest.digest()
            + ") with "
            + signingKey.keyId()
            + "\n  "
            + file
            + (attestation == null ? "" : "\n  " + attestation));
    return ExitCodes.OK;
  }

  /**
   * Signs the build's provenance statement, with the manifest added as first subject so the
   * attestation is about this version, into {@code ATTESTATIONS/}; returns null if the build wrote
   * no provenance.
   */
  private Path signProvenance(
      BuiltAppliance appliance, ApplianceManifest manifest, SigningKey key, String keyHex) {
    Path source = appliance.provenanceFile();
    if (!Files.isRegularFile(source)) {
      ctx.note("no " + BuiltAppliance.PROVENANCE_FILE + " in " + built + ": provenance not signed");
      return null;
    }
    Statement statement;
    try {
      statement = Statement.parse(Files.readAllBytes(source));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    } catch (MalformedMetadataException e) {
      throw new CliException(ExitCodes.USAGE, source + " is not a statement: " + e.getMessage());
    }
    List<Statement.Subject> subjects = new ArrayList<>();
    subjects.add(
        new Statement.Subject(manifest.appliance() + "@" + manifest.version(), manifest.digest()));
    subjects.addAll(statement.subjects());
    Envelope envelope =
        new Statement(subjects, statement.predicateType(), statement.predicate()).sign(key);
    Path file =
        built
            .resolve(ATTESTATIONS)
            .resolve(manifest.version() + "-" + keyHex + ".provenance.dsse.json");
    write(file, envelope.toBytes());
    return file;
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
