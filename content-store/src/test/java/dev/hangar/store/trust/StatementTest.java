package dev.hangar.store.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementTest {

  private final ApplianceManifest manifest = Fixtures.manifest("2.0.0");
  private final SigningKey key = Fixtures.key(SignatureAlgorithm.ED25519);

  @Test
  void provenanceStatementRoundTripsAndNamesTheManifestDigest() throws Exception {
    Provenance p =
        new Provenance(
            "https://ci.example",
            Digest.of(Fixtures.bytes("recipe")),
            Map.of("base", Digest.of(Fixtures.bytes("b"))),
            Map.of("hangar-builder", "0.1.0"));
    Envelope e = Statement.about(manifest, Provenance.PREDICATE_TYPE, p.toJson()).sign(key);
    assertEquals(Envelope.IN_TOTO_PAYLOAD_TYPE, e.payloadType());
    String json = new String(e.payload(), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"_type\":\"https://in-toto.io/Statement/v1\""), json);
    assertTrue(json.contains("\"digest\":{\"sha256\":\"" + manifest.digest().hex() + "\"}"), json);
    Statement s = Statement.open(e, manifest.digest());
    assertEquals("acme/hello@2.0.0", s.subjects().get(0).name());
    assertEquals(p, Provenance.fromJson(s.predicate()));
  }

  @Test
  void scanResultRoundTrips() throws Exception {
    ScanResult r =
        new ScanResult(
            "grype",
            "0.80.0",
            Instant.parse("2025-03-02T00:00:00Z"),
            Map.of("critical", 0L, "high", 2L),
            true);
    Envelope e = Statement.about(manifest, ScanResult.PREDICATE_TYPE, r.toJson()).sign(key);
    assertEquals(r, ScanResult.fromJson(Statement.open(e, manifest.digest()).predicate()));
  }

  @Test
  void refusesStatementAboutAnotherDigestOrOfAnotherType() {
    Envelope e = Statement.about(manifest, "x", Json.object()).sign(key);
    assertThrows(
        MixAndMatchException.class, () -> Statement.open(e, Fixtures.manifest("2.0.1").digest()));
    Envelope notInToto = Envelope.of("application/json", e.payload());
    assertThrows(
        MalformedMetadataException.class, () -> Statement.open(notInToto, manifest.digest()));
    Envelope wrongType =
        Envelope.of(
            Envelope.IN_TOTO_PAYLOAD_TYPE,
            Fixtures.bytes(
                "{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"subject\":[],\"predicateType\":\"x\",\"predicate\":{}}"));
    assertThrows(
        MalformedMetadataException.class, () -> Statement.open(wrongType, manifest.digest()));
  }
}
