package dev.hangar.store.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.store.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplianceManifestTest {

  @Test
  void canonicalJsonRoundTripsAndDigestIsItsSha256() throws Exception {
    ApplianceManifest m = Fixtures.manifest("1.2.0");
    byte[] json = m.toCanonicalJson();
    assertTrue(CanonicalJson.isCanonical(json));
    ApplianceManifest back = ApplianceManifest.parse(json);
    assertEquals(m, back);
    assertArrayEquals(json, back.toCanonicalJson());
    assertEquals(Digest.of(json), m.digest());
    String text = new String(json, StandardCharsets.UTF_8);
    assertTrue(text.startsWith("{\"boot\":{\"cmdline\":"), text);
    assertTrue(text.contains("\"issuedAt\":\"2025-03-01T12:00:00Z\""), text);
  }

  @Test
  void digestChangesWhenAnyPartitionChanges() {
    ApplianceManifest a = Fixtures.manifest("1.0.0", Fixtures.bytes("a"), Fixtures.bytes("t"));
    ApplianceManifest b = Fixtures.manifest("1.0.0", Fixtures.bytes("b"), Fixtures.bytes("t"));
    assertFalse(a.digest().equals(b.digest()));
  }

  @Test
  void refusesPrettyPrintedOrExtendedPayloads() throws Exception {
    ApplianceManifest m = Fixtures.manifest("1.0.0");
    byte[] pretty = m.toJson().toPrettyString().getBytes(StandardCharsets.UTF_8);
    assertThrows(MalformedMetadataException.class, () -> ApplianceManifest.parse(pretty));
    ObjectNode extended = m.toJson();
    extended.put("unsigned", "surprise");
    byte[] extra = CanonicalJson.canonicalize(extended);
    assertThrows(MalformedMetadataException.class, () -> ApplianceManifest.parse(extra));
    ObjectNode wrongFormat = m.toJson();
    wrongFormat.put("format", "hangar.appliance.v2");
    assertThrows(
        MalformedMetadataException.class,
        () -> ApplianceManifest.parse(CanonicalJson.canonicalize(wrongFormat)));
  }

  @Test
  void listsPartitionsBootFilesAndTemplatesOnly() {
    byte[] rootfs = Fixtures.bytes("rootfs");
    byte[] template = Fixtures.bytes("#cloud-config");
    ApplianceManifest m = Fixtures.manifest("1.0.0", rootfs, template);
    assertEquals(Optional.of((long) rootfs.length), m.sizeOf(Digest.of(rootfs)));
    assertEquals(Optional.of(6L), m.sizeOf(Digest.of(Fixtures.bytes("kernel"))));
    assertTrue(m.lists(Digest.of(template)));
    assertFalse(m.lists(Digest.of(Fixtures.bytes("something else"))));
  }

  @Test
  void rejectsSubSecondIssueTimesAndBadNames() {
    ApplianceManifest m = Fixtures.manifest("1.0.0");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ApplianceManifest(
                m.publisher(),
                m.name(),
                m.version(),
                m.channel(),
                m.partitions(),
                m.boot(),
                m.requirements(),
                m.contextSchema(),
                m.contextTemplates(),
                Instant.parse("2025-03-01T12:00:00.5Z")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ApplianceManifest(
                "Acme/evil",
                m.name(),
                m.version(),
                m.channel(),
                m.partitions(),
                m.boot(),
                m.requirements(),
                m.contextSchema(),
                m.contextTemplates(),
                m.issuedAt()));
  }

  private static ApplianceManifest withComponents(ApplianceManifest m, List<String> components) {
    return new ApplianceManifest(
        m.publisher(),
        m.name(),
        m.version(),
        m.channel(),
        m.partitions(),
        m.boot(),
        m.requirements(),
        m.contextSchema(),
        m.contextTemplates(),
        components,
        m.issuedAt());
  }

  @Test
  void componentsAreSignedInOrderAndLeftOutWhenThereAreNone() throws Exception {
    ApplianceManifest plain = Fixtures.manifest("1.0.0");
    assertFalse(new String(plain.toCanonicalJson(), StandardCharsets.UTF_8).contains("components"));
    ApplianceManifest m = withComponents(plain, List.of("mount-blankspace", "hostname"));
    String text = new String(m.toCanonicalJson(), StandardCharsets.UTF_8);
    assertTrue(text.contains("\"components\":[\"mount-blankspace\",\"hostname\"]"), text);
    assertEquals(m, ApplianceManifest.parse(m.toCanonicalJson()));
    assertFalse(
        m.digest().equals(withComponents(plain, List.of("hostname", "mount-blankspace")).digest()),
        "the order is part of what is signed");
    ObjectNode empty = plain.toJson();
    empty.putArray("components");
    assertThrows(
        MalformedMetadataException.class,
        () -> ApplianceManifest.parse(CanonicalJson.canonicalize(empty)),
        "an empty list has one spelling: no member");
    assertThrows(
        IllegalArgumentException.class,
        () -> withComponents(plain, List.of("hostname", "hostname")));
    assertThrows(IllegalArgumentException.class, () -> withComponents(plain, List.of("No Such")));
  }

  @Test
  void aSignatureDoesNotCoverATamperedComponentList() throws Exception {
    SigningKey key = Fixtures.key(SignatureAlgorithm.ED25519);
    PublisherKeyring keyring =
        PublisherKeyring.empty()
            .withKey(new PublisherKey("acme", key.publicKey(), Instant.EPOCH, null));
    ApplianceManifest signed = withComponents(Fixtures.manifest("1.0.0"), List.of("hostname"));
    Envelope envelope = Fixtures.signed(signed, key);
    assertEquals(1, keyring.check(envelope, Fixtures.ISSUED).valid().size());

    for (List<String> tampered :
        List.of(List.<String>of(), List.of("hostname", "ssh-access"), List.of("ssh-access"))) {
      byte[] payload = withComponents(signed, tampered).toCanonicalJson();
      Envelope forged =
          new Envelope(ApplianceManifest.PAYLOAD_TYPE, payload, envelope.signatures());
      SignatureCheck check = keyring.check(forged, Fixtures.ISSUED);
      assertTrue(check.valid().isEmpty(), "components " + tampered + " are not signed");
      assertEquals(List.of("bad signature by key " + key.keyId()), check.rejected());
    }
  }
}
