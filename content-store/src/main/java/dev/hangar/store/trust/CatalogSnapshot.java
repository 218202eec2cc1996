package dev.hangar.store.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.store.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The marketplace's signed list of every deployable version of every appliance channel, pinning
 * each to its manifest digest (TUF "snapshot" role).
 *
 * @param version snapshot version, increasing by at least one per new snapshot
 * @param expires after this instant the snapshot must not be used (whole second)
 * @param channels {@code publisher/name@channel} to the versions listed on it
 */
public record CatalogSnapshot(long version, Instant expires, Map<String, List<Entry>> channels) {

  /** Value of the {@code format} field. */
  public static final String FORMAT = "hangar.snapshot.v1";

  /** DSSE payload type of a snapshot envelope. */
  public static final String PAYLOAD_TYPE = "application/vnd.hangar.snapshot+json";

  /**
   * One release on a channel.
   *
   * @param version its version
   * @param manifest digest of its manifest payload
   */
  public record Entry(SemVer version, Digest manifest) {
    /** Validates the fields. */
    public Entry {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(manifest, "manifest");
    }
  }

  /** Validates and copies (sorted) the inputs. */
  public CatalogSnapshot {
    if (version < 1 || version > Json.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("version must be 1..2^53-1");
    }
    Json.wholeSeconds(Objects.requireNonNull(expires, "expires"), "expires");
    Map<String, List<Entry>> copy = new TreeMap<>();
    channels.forEach(
        (k, entries) -> {
          List<Entry> sorted = new ArrayList<>(entries);
          sorted.sort(Comparator.comparing(e -> e.version().toString()));
          for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).version().toString().equals(sorted.get(i - 1).version().toString())) {
              throw new IllegalArgumentException(
                  k + " lists " + sorted.get(i).version() + " twice");
            }
          }
          copy.put(k, List.copyOf(sorted));
        });
    channels = Collections.unmodifiableMap(copy);
  }

  /** Returns the entry for {@code version} on channel {@code key}, if the snapshot lists one. */
  public Optional<Entry> entry(String key, SemVer version) {
    return channels.getOrDefault(key, List.of()).stream()
        .filter(e -> e.version().toString().equals(version.toString()))
        .findFirst();
  }

  /** Returns the key of a manifest's channel: {@code publisher/name@channel}. */
  public static String key(ApplianceManifest m) {
    return m.appliance() + "@" + m.channel();
  }

  /** Returns the canonical JSON payload. */
  public byte[] toCanonicalJson() {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.put("version", version);
    root.put("expires", expires.toString());
    ObjectNode c = root.putObject("channels");
    channels.forEach(
        (k, entries) -> {
          ObjectNode versions = c.putObject(k);
          entries.forEach(e -> versions.put(e.version().toString(), e.manifest().toString()));
        });
    return CanonicalJson.canonicalize(root);
  }

  /** Returns an envelope carrying this snapshot, signed by {@code keys}. */
  public Envelope sign(SigningKey... keys) {
    return Envelope.of(PAYLOAD_TYPE, toCanonicalJson()).signedBy(keys);
  }

  /** Parses a snapshot payload, which must be canonical JSON without unknown fields. */
  public static CatalogSnapshot parse(byte[] payload) throws MalformedMetadataException {
    CatalogSnapshot s;
    try {
      JsonNode root = CanonicalJson.parse(payload);
      if (!FORMAT.equals(Json.text(root, "format"))) {
        throw new MalformedMetadataException("unsupported snapshot format");
      }
      Map<String, List<Entry>> channels = new TreeMap<>();
      JsonNode c = Json.field(root, "channels");
      for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        JsonNode versions = Json.field(c, k);
        List<Entry> entries = new ArrayList<>();
        for (Iterator<String> v = versions.fieldNames(); v.hasNext(); ) {
          String version = v.next();
          entries.add(new Entry(SemVer.parse(version), Json.digest(versions, version)));
        }
        channels.put(k, entries);
      }
      s =
          new CatalogSnapshot(
              Json.integer(root, "version", 1, Json.MAX_SAFE_INTEGER),
              Json.instant(root, "expires"),
              channels);
    } catch (IllegalArgumentException e) {
      throw new MalformedMetadataException("invalid snapshot: " + e.getMessage(), e);
    }
    if (!Arrays.equals(payload, s.toCanonicalJson())) {
      throw new MalformedMetadataException("snapshot is not canonical or has unknown fields");
    }
    return s;
  }
}
