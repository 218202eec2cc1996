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
}
