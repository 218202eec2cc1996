package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {

  private static final Digest A = Digest.of(new byte[] {1});
  private static final Digest Z = Digest.of(new byte[100]);

  private static PartitionManifest sample() {
    return new PartitionManifest(
        Digest.of(new byte[] {9}),
        150,
        List.of(new ChunkRef(0, 50, A, false), new ChunkRef(50, 100, Z, true)));
  }

  @Test
  void roundTripsThroughJson() throws CorruptManifestException {
    byte[] json = ManifestCodec.toJson(sample());
    String text = new String(json, StandardCharsets.UTF_8);
    assertTrue(text.contains("\"format\" : \"hangar.partition.v1\""), text);
    assertTrue(text.contains(A.toString()), text);
    assertEquals(sample(), ManifestCodec.fromJson(json, "test"));
  }

  @Test
  void ignoresUnknownFields() throws CorruptManifestException {
    String json =
        new String(ManifestCodec.toJson(sample()), StandardCharsets.UTF_8)
            .replaceFirst("\\{", "{\"comment\":\"future\",");
    assertEquals(sample(), ManifestCodec.fromJson(json.getBytes(StandardCharsets.UTF_8), "t"));
  }

  @Test
  void rejectsMalformedOrInconsistentManifests() {
    String good = new String(ManifestCodec.toJson(sample()), StandardCharsets.UTF_8);
    for (String bad :
        List.of(
            "[]",
            "{",
            good.replace("hangar.partition.v1", "hangar.partition.v2"),
            good.replace("\"size\" : 150", "\"size\" : 151"),
            good.replace("\"offset\" : 50", "\"offset\" : 49"),
            good.replace("\"zero\" : true", "\"zero\" : \"yes\""),
            good.replace("\"length\" : 50", "\"length\" : 50.5"),
            good.replace(A.toString(), "sha256:xyz"))) {
      CorruptManifestException e =
          assertThrows(
              CorruptManifestException.class,
              () -> ManifestCodec.fromJson(bad.getBytes(StandardCharsets.UTF_8), "key/x.json"),
              bad);
      assertTrue(e.getMessage().contains("key/x.json"), e.getMessage());
    }
  }
}
