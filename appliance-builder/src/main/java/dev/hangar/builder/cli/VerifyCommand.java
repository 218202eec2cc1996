package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.MalformedMetadataException;
import dev.hangar.store.trust.PolicyDecision;
import dev.hangar.store.trust.PublisherKey;
import dev.hangar.store.trust.PublisherKeyring;
import dev.hangar.store.trust.TrustPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar verify <bundle-dir> --policy policy.yaml [--key [publisher=]KEY.pub ...]}: offline
 * verification of a pulled bundle. The manifest must parse as canonical, the envelopes over it must
 * satisfy the trust policy with the keys given on the command line (nothing in the bundle is
 * trusted by itself), and every file the manifest lists must be present with its exact size and
 * digest. Any failure ends with {@link ExitCodes#VERIFICATION_FAILED}.
 */
@Command(
    name = "verify",
    description = "Verify a pulled bundle offline against a trust policy (exit 3 if it fails).")
final class VerifyCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "BUNDLE-DIR", description = "Directory written by hangar pull")
  Path bundle;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "FILE",
      description = "Trust policy (YAML or JSON, FORMAT.md \"Policy file\")")
  Path policyFile;

  @Option(
      names = "--key",
      paramLabel = "[PUBLISHER=]KEY",
      description =
          "A trusted public key file, for PUBLISHER (default: the manifest's publisher);"
              + " repeatable")
  List<String> keys = new ArrayList<>();

  VerifyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    TrustPolicy policy;
    try {
      policy = TrustPolicy.load(policyFile);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.USAGE, "cannot read policy " + policyFile + ": " + e.getMessage());
    }
    Path manifestFile = bundle.resolve(Bundle.MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new CliException(
          ExitCodes.USAGE, bundle + " is not a bundle (no " + Bundle.MANIFEST + ")");
    }
    byte[] payload = Files.readAllBytes(manifestFile);
    ApplianceManifest manifest;
    try {
      manifest = ApplianceManifest.parse(payload);
    } catch (MalformedMetadataException e) {
      return failed(
          CliContext.object().put("manifest", "malformed"),
          List.of("manifest.json: " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    Envelope signed = signatures(payload, problems);
    List<Envelope> attestations = attestations(problems);
    PolicyDecision decision =
        policy.evaluate(signed, attestations, keyring(manifest.publisher()), Instant.now());
    ObjectNode result =
        CliContext.object()
            .put("appliance", manifest.appliance())
            .put("version", manifest.version().toString())
            .put("manifestDigest", manifest.digest().toString())
            .put("enforcement", decision.enforcement().name())
            .put("allowed", decision.allowed())
            .put("compliant", decision.compliant());
    ArrayNode violations = result.putArray("violations");
    decision.violations().forEach(violations::add);
    ArrayNode trustedBy = result.putArray("trustedBy");
    decision.trustedBy().forEach(trustedBy::add);
    ArrayNode files = result.putArray("files");
    boolean filesOk = true;
    for (Map.Entry<Digest, Long> f : Bundle.artifacts(manifest).entrySet()) {
      Optional<String> problem = Bundle.check(bundle, f.getKey(), f.getValue());
      ObjectNode o =
          files
              .addObject()
              .put("digest", f.getKey().toString())
              .put("size", f.getValue())
              .put("ok", problem.isEmpty());
      problem.ifPresent(p -> o.put("problem", p));
      problem.ifPresent(problems::add);
      filesOk &= problem.isEmpty();
    }
    if (!decision.allowed()) {
      problems.addAll(0, decision.violations());
    } else if (!decision.compliant()) {
      decision.violations().forEach(v -> ctx.note("audit: " + v));
    }
    if (!decision.allowed() || !filesOk) {
      return failed(result, problems);
    }
    result.put("verified", true);
    ctx.emit(
        result,
        "verified "
            + manifest.appliance()
            + "@"
            + manifest.version()
            + " (manifest "
            + manifest.digest()
            + "): trusted by "
            + decision.trustedBy()
            + ", "
            + Bundle.artifacts(manifest).size()
            + " files re-hashed");
    return ExitCodes.OK;
  }

  private int failed(ObjectNode result, List<String> problems) {
    result.put("verified", false);
    ArrayNode p = result.putArray("problems");
    problems.forEach(p::add);
    problems.forEach(line -> ctx.note("verify: " + line));
    ctx.emit(result, "verification FAILED");
    return ExitCodes.VERIFICATION_FAILED;
  }

  /** Merges the signatures of every envelope in the bundle whose payload is the manifest. */
  private Envelope signatures(byte[] payload, List<String> problems) throws IOException {
    List<Envelope.Signature> all = new ArrayList<>();
    for (Path f : Bundle.envelopes(bundle, Bundle.SIGNATURES)) {
      try {
        Envelope e = Envelope.parse(Files.readAllBytes(f));
        if (ApplianceManifest.PAYLOAD_TYPE.equals(e.payloadType())
            && java.util.Arrays.equals(e.payload(), payload)) {
          all.addAll(e.signatures());
        } else {
          ctx.note("ignoring " + bundle.relativize(f) + ": it signs another payload");
        }
      } catch (MalformedMetadataException e) {
        problems.add(bundle.relativize(f) + ": " + e.getMessage());
      }
    }
    return new Envelope(ApplianceManifest.PAYLOAD_TYPE, payload, all);
  }

  private List<Envelope> attestations(List<String> problems) throws IOException {
    List<Envelope> out = new ArrayList<>();
    for (Path f : Bundle.envelopes(bundle, Bundle.ATTESTATIONS)) {
      try {
        out.add(Envelope.parse(Files.readAllBytes(f)));
      } catch (MalformedMetadataException e) {
        problems.add(bundle.relativize(f) + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** The keys given with --key, valid from the beginning of time and not revoked. */
  private PublisherKeyring keyring(String defaultPublisher) {
    PublisherKeyring keyring = PublisherKeyring.empty();
    for (String spec : keys) {
      int eq = spec.indexOf('=');
      String publisher = eq > 0 ? spec.substring(0, eq) : defaultPublisher;
      Path file = Path.of(eq > 0 ? spec.substring(eq + 1) : spec);
      try {
        keyring =
            keyring.withKey(
                new PublisherKey(publisher, KeyFiles.readPublicKey(file), Instant.EPOCH, null));
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.USAGE, "--key " + spec + ": " + e.getMessage());
      }
    }
    return keyring;
  }
}
