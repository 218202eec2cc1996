package dev.hangar.builder.cli;

import dev.hangar.builder.BuiltAppliance;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar sign <built-dir> --key K --publisher P}: signs the canonical manifest the
 * marketplace will derive for the built appliance, writing a DSSE envelope to {@code
 * <built-dir>/signatures/}, which {@code hangar publish} submits.
 */
@Command(
    name = "sign",
    description = "Sign a built appliance's manifest (DSSE) into BUILT-DIR/signatures/.")
final class SignCommand implements Callable<Integer> {
  /** Directory of a built appliance holding the envelopes {@code hangar publish} submits. */
  static final String SIGNATURES = "signatures";

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
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, envelope.toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    ctx.emit(
        CliContext.object()
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
            + file);
    return ExitCodes.OK;
  }
}
