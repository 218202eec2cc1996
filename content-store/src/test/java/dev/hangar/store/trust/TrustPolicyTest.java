package dev.hangar.store.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.hangar.store.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustPolicyTest {

  private static final Instant NOW = Fixtures.ISSUED.plusSeconds(3600);

  private final SigningKey acme = Fixtures.key(SignatureAlgorithm.ED25519);
  private final SigningKey ci = Fixtures.key(SignatureAlgorithm.ECDSA_P256_SHA256);
  private final PublisherKeyring keyring =
      PublisherKeyring.empty()
          .withKey(new PublisherKey("acme", acme.publicKey(), Instant.EPOCH, null))
          .withKey(new PublisherKey("acme-ci", ci.publicKey(), Instant.EPOCH, null));
  private final ApplianceManifest manifest = Fixtures.manifest("1.4.0");
  private final Envelope signed = Fixtures.signed(manifest, acme);

  private static TrustPolicy policy(String enforcement) throws IOException {
    return TrustPolicy.parse(
        "enforcement: "
            + enforcement
            + "\n"
            + "rules:\n"
            + "  - appliances: \"acme/*\"\n"
            + "    signers: {publishers: [acme]}\n"
            + "    attestors: {publishers: [acme-ci]}\n"
            + "    requiredPredicates: [\""
            + Provenance.PREDICATE_TYPE
            + "\"]\n"
            + "  - appliances: \"other/*\"\n"
            + "    signers: {identities: [\"*@other.example\"]}\n");
  }

  private Envelope provenance(ApplianceManifest about, SigningKey by) {
    Provenance p =
        new Provenance(
            "https://ci.acme.example",
            Digest.of(Fixtures.bytes("recipe")),
            Map.of("base", Digest.of(Fixtures.bytes("debian"))),
            Map.of("mke2fs", "1.47.0"));
    return Statement.about(about, Provenance.PREDICATE_TYPE, p.toJson()).sign(by);
  }

  @Test
  void allowsPublisherSignedManifestWithRequiredProvenance() throws Exception {
    PolicyDecision d =
        policy("STRICT").evaluate(signed, List.of(provenance(manifest, ci)), keyring, NOW);
    assertTrue(d.allowed(), d.violations().toString());
    assertTrue(d.compliant());
    assertEquals("acme/hello", d.appliance());
    assertEquals(manifest.digest().toString(), d.manifestDigest());
    assertEquals(2, d.trustedBy().size(), d.trustedBy().toString());
  }

  @Test
  void strictDeniesAndAuditAllowsWhenAttestationIsMissing() throws Exception {
    PolicyDecision strict = policy("STRICT").evaluate(signed, List.of(), keyring, NOW);
    assertFalse(strict.allowed());
    assertTrue(
        strict
            .violations()
            .get(0)
            .contains("no trusted attestation of type " + Provenance.PREDICATE_TYPE));
    PolicyDecision audit = policy("AUDIT").evaluate(signed, List.of(), keyring, NOW);
    assertTrue(audit.allowed());
    assertFalse(audit.compliant());
    assertEquals(strict.violations(), audit.violations());
  }

  @Test
  void deniesAttestationAboutAnotherManifestOrByAnUntrustedAttestor() throws Exception {
    Envelope wrongSubject = provenance(Fixtures.manifest("1.3.0"), ci);
    PolicyDecision d1 = policy("STRICT").evaluate(signed, List.of(wrongSubject), keyring, NOW);
    assertFalse(d1.allowed());
    assertTrue(
        d1.violations().get(0).contains("is not about manifest"), d1.violations().toString());
    // The publisher key is trusted for manifests, not for attestations in this rule.
    PolicyDecision d2 =
        policy("STRICT").evaluate(signed, List.of(provenance(manifest, acme)), keyring, NOW);
    assertFalse(d2.allowed());
  }

  @Test
  void deniesManifestSignedByAnotherPublishersKey() throws Exception {
    Envelope byCi = Fixtures.signed(manifest, ci);
    PolicyDecision d =
        policy("STRICT").evaluate(byCi, List.of(provenance(manifest, ci)), keyring, NOW);
    assertFalse(d.allowed());
    assertTrue(
        d.violations().get(0).startsWith("no trusted signature on the manifest"),
        d.violations().toString());
  }

  @Test
  void deniesApplianceThatNoRuleCoversEvenWithGoodSignatures() throws Exception {
    TrustPolicy onlyOther =
        TrustPolicy.parse(
            "{\"enforcement\":\"STRICT\",\"rules\":[{\"appliances\":\"other/*\",\"signers\":{\"publishers\":[\"acme\"]}}]}");
    PolicyDecision d = onlyOther.evaluate(signed, List.of(), keyring, NOW);
    assertFalse(d.allowed());
    assertEquals(List.of("no policy rule covers acme/hello"), d.violations());
  }

  @Test
  void deniesUnreadableManifestEvenInAuditMode() throws Exception {
    Envelope notAManifest =
        Envelope.of(ApplianceManifest.PAYLOAD_TYPE, Fixtures.bytes("{\"a\":1}")).signedBy(acme);
    PolicyDecision d = policy("AUDIT").evaluate(notAManifest, List.of(), keyring, NOW);
    assertFalse(d.allowed());
  }

  @Test
  void deniesManifestIssuedInTheFuture() throws Exception {
    PolicyDecision d =
        policy("STRICT")
            .evaluate(
                signed,
                List.of(provenance(manifest, ci)),
                keyring,
                Fixtures.ISSUED.minus(TrustPolicy.CLOCK_SKEW).minusSeconds(1));
    assertFalse(d.allowed());
    assertTrue(d.violations().get(0).contains("in the future"));
  }

  @Test
  void loadsPolicyFileAndRejectsMisspeltFields(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        "enforcement: AUDIT\nrules:\n  - appliances: \"*\"\n    signers: {keys: [\""
            + acme.keyId()
            + "\"]}\n");
    TrustPolicy p = TrustPolicy.load(file);
    assertEquals(TrustPolicy.Enforcement.AUDIT, p.enforcement());
    assertTrue(p.evaluate(signed, List.of(), keyring, NOW).compliant());
    assertThrows(
        UnrecognizedPropertyException.class,
        () ->
            TrustPolicy.parse(
                "enforcement: STRICT\nrules:\n  - appliances: \"*\"\n    signers: {}\n    requiredPredicate: [x]\n"));
  }

  @Test
  void globsMatchWholeNames() {
    assertTrue(TrustPolicy.glob("acme/*").matcher("acme/hello").matches());
    assertFalse(TrustPolicy.glob("acme/*").matcher("acme-evil/hello").matches());
    assertTrue(TrustPolicy.glob("*@acme.example").matcher("release@acme.example").matches());
    assertFalse(TrustPolicy.glob("*@acme.example").matcher("x@acme.example.evil").matches());
    assertTrue(TrustPolicy.glob("a?c/x.y").matcher("abc/x.y").matches());
    assertFalse(TrustPolicy.glob("a?c/x.y").matcher("abc/xzy").matches());
  }
}
