package dev.hangar.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Keys and the index format of pack objects (FORMAT.md, "Packs"): a pack {@code packs/<id[0..2)>/
 * <id>} holds many stored chunks back to back; its index {@code index/<id>.json} says where each
 * one is. The index is written after the pack, so a pack counts only once its index exists.
 */
final class Packs {

  static final String PACKS = "packs/";
  static final String INDEX = "index/";
  static final String INDEX_FORMAT = "hangar.pack-index.v1";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private Packs() {}

  /** Returns a fresh random pack id (64 lowercase hex digits); ids are never reused. */
  static String newId() {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    return HEX.formatHex(id);
  }

  static String packKey(String id) {
    return PACKS + id.substring(0, 2) + "/" + id;
  }

  static String indexKey(String id) {
    return INDEX + id + ".json";
  }

  /** Returns the pack id an index key names, or empty if it is not an index key. */
  static Optional<String> idOfIndex(String key) {
    if (!key.startsWith(INDEX) || !key.endsWith(".json")) {
      return Optional.empty();
    }
    String id = key.substring(INDEX.length(), key.length() - ".json".length());
    return isId(id) ? Optional.of(id) : Optional.empty();
  }

  /** Returns the pack id a pack key names, or empty if it is not a pack key. */
  static Optional<String> idOfPack(String key) {
    int slash = key.lastIndexOf('/');
    String id = key.substring(slash + 1);
    return isId(id) && key.equals(packKey(id)) ? Optional.of(id) : Optional.empty();
  }

  private static boolean isId(String id) {
    return id.length() == 64
        && id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /** Writes a sealed pack: the pack object first, then its index (which makes it count). */
  static void write(BlobStore blobs, PackBuilder.Sealed pack) {
    blobs.put(
        packKey(pack.id()),
        new ByteArrayInputStream(pack.bytes(), 0, pack.length()),
        pack.length());
    byte[] json = indexJson(pack.id(), pack.length(), pack.entries());
    blobs.put(indexKey(pack.id()), new ByteArrayInputStream(json), json.length);
  }

  /**
   * Reads every pack index in the store; an index that is not valid is passed to {@code problems}
   * (key, description) and skipped.
   */
  static Map<String, List<PackEntry>> readAll(
      BlobStore blobs, BiConsumer<String, String> problems) {
    Map<String, List<PackEntry>> packs = new TreeMap<>();
    for (String key : blobs.list(INDEX)) {
      Optional<String> id = idOfIndex(key);
      if (id.isEmpty()) {
        continue; // not ours
      }
      try {
        readIndex(blobs, id.get()).ifPresent(entries -> packs.put(id.get(), entries));
      } catch (CorruptIndexException e) {
        problems.accept(key, e.getMessage());
      }
    }
    return packs;
  }

  static byte[] indexJson(String id, long packSize, List<PackEntry> entries) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", INDEX_FORMAT);
    root.put("pack", packKey(id));
    root.put("size", packSize);
    ArrayNode chunks = root.putArray("chunks");
    for (PackEntry entry : entries) {
      ArrayNode row = chunks.addArray();
      row.add(entry.digest().hex());
      row.add(entry.offset());
      row.add(entry.length());
      row.add(entry.rawLength());
      row.add(entry.compressed() ? 1 : 0);
    }
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an in-memory JSON tree", e);
    }
  }

  /**
   * Reads the index of pack {@code id}; empty if the index object does not exist.
   *
   * @throws CorruptIndexException if it exists but is not a valid index of that pack
   */
  static Optional<List<PackEntry>> readIndex(BlobStore blobs, String id) {
    String key = indexKey(id);
    JsonNode root;
    try (InputStream in = blobs.get(key)) {
      root = MAPPER.readTree(in);
    } catch (BlobNotFoundException e) {
      return Optional.empty();
    } catch (JsonProcessingException e) {
      throw new CorruptIndexException(key + " is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BlobStoreException("reading " + key + " failed: " + e.getMessage(), true, e);
    }
    return Optional.of(parseIndex(key, id, root));
  }

  private static List<PackEntry> parseIndex(String key, String id, JsonNode root) {
    if (root == null
        || !INDEX_FORMAT.equals(root.path("format").asText())
        || !packKey(id).equals(root.path("pack").asText())
        || !root.path("size").canConvertToLong()
        || !root.path("chunks").isArray()) {
      throw new CorruptIndexException(
          key + " is not a " + INDEX_FORMAT + " index of " + packKey(id));
    }
    long size = root.get("size").longValue();
    List<PackEntry> entries = new ArrayList<>();
    try {
      for (JsonNode row : root.get("chunks")) {
        if (!row.isArray() || row.size() != 5) {
          throw new IllegalArgumentException("entry is not a 5-element array");
        }
        PackEntry entry =
            new PackEntry(
                Digest.parse(Digest.PREFIX + row.get(0).asText()),
                row.get(1).longValue(),
                row.get(2).intValue(),
                row.get(3).intValue(),
                row.get(4).intValue() == 1);
        if (entry.end() > size) {
          throw new IllegalArgumentException("entry " + entry.digest() + " ends past the pack");
        }
        entries.add(entry);
      }
    } catch (IllegalArgumentException e) {
      throw new CorruptIndexException(key + ": " + e.getMessage());
    }
    return entries;
  }
}
