package dev.hangar.store.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link FreshnessGuard} remembers between runs to detect rollbacks: the highest timestamp
 * and snapshot versions accepted and the highest appliance version admitted per channel.
 *
 * @param timestampVersion highest accepted timestamp version (0 before the first)
 * @param snapshotVersion highest accepted snapshot version (0 before the first)
 * @param highestSeen {@code publisher/name@channel} to the highest admitted version
 */
public record FreshnessState(
    long timestampVersion, long snapshotVersion, Map<String, SemVer> highestSeen) {

  /** Copies (sorted) the map. */
  public FreshnessState {
    highestSeen = Collections.unmodifiableMap(new TreeMap<>(highestSeen));
  }

  /** Returns the state of a guard that has accepted nothing yet. */
  public static FreshnessState initial() {
    return new FreshnessState(0, 0, Map.of());
  }

  /** Returns the JSON form a store may persist. */
  public ObjectNode toJson() {
    ObjectNode root = Json.object();
    root.put("timestampVersion", timestampVersion);
    root.put("snapshotVersion", snapshotVersion);
    ObjectNode seen = root.putObject("highestSeen");
    highestSeen.forEach((k, v) -> seen.put(k, v.toString()));
    return root;
  }

  /** Reads the JSON form. */
  public static FreshnessState fromJson(JsonNode root) throws MalformedMetadataException {
    Map<String, SemVer> seen = new TreeMap<>();
    JsonNode s = Json.field(root, "highestSeen");
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      try {
        seen.put(k, SemVer.parse(Json.text(s, k)));
      } catch (IllegalArgumentException e) {
        throw new MalformedMetadataException("bad version in freshness state", e);
      }
    }
    return new FreshnessState(
        Json.integer(root, "timestampVersion", 0, Long.MAX_VALUE),
        Json.integer(root, "snapshotVersion", 0, Long.MAX_VALUE),
        seen);
  }
}
