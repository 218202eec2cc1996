package dev.hangar.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts {@link PartitionManifest}s to and from their JSON form (schema in FORMAT.md, format
 * {@value #FORMAT}); parsing is strict about required fields and types and ignores unknown fields.
 */
public final class ManifestCodec {

  /** Value of the {@code format} field this codec writes and accepts. */
  public static final String FORMAT = "hangar.partition.v1";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ManifestCodec() {}

  /** Returns the UTF-8 JSON encoding of {@code manifest}. */
  public static byte[] toJson(PartitionManifest manifest) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("digest", manifest.digest().toString());
    root.put("size", manifest.size());
    ArrayNode chunks = root.putArray("chunks");
    for (ChunkRef ref : manifest.chunks()) {
      chunks
          .addObject()
          .put("offset", ref.offset())
          .put("length", ref.length())
          .put("digest", ref.digest().toString())
          .put("zero", ref.zero());
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an in-memory JSON tree", e);
    }
  }

  /**
   * Parses a manifest.
   *
   * @param source names the manifest in error messages (e.g. its blob key)
   * @throws CorruptManifestException if the JSON is malformed or breaks the schema or invariants
   */
  public static PartitionManifest fromJson(byte[] json, String source)
      throws CorruptManifestException {
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      String format = text(root, "format");
      if (!FORMAT.equals(format)) {
        throw new IllegalArgumentException("unsupported format " + format);
      }
      JsonNode chunkArray = root.get("chunks");
      if (chunkArray == null || !chunkArray.isArray()) {
        throw new IllegalArgumentException("missing array 'chunks'");
      }
      List<ChunkRef> chunks = new ArrayList<>(chunkArray.size());
      for (JsonNode node : chunkArray) {
        long length = integer(node, "length");
        if (length > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("extent length " + length + " too large");
        }
        JsonNode zero = node.get("zero");
        if (zero == null || !zero.isBoolean()) {
          throw new IllegalArgumentException("missing boolean 'zero'");
        }
        chunks.add(
            new ChunkRef(
                integer(node, "offset"),
                (int) length,
                Digest.parse(text(node, "digest")),
                zero.booleanValue()));
      }
      return new PartitionManifest(
          Digest.parse(text(root, "digest")), integer(root, "size"), chunks);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptManifestException(
          "manifest " + source + " is invalid: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("missing string '" + field + "'");
    }
    return value.textValue();
  }

  private static long integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("missing integer '" + field + "'");
    }
    return value.longValue();
  }
}
