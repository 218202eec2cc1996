package dev.hangar.store.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.store.Digest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The marketplace's short-lived signed pointer to the current snapshot (TUF "timestamp" role): as
 * long as it is re-signed frequently, a client that sees only expired timestamps knows it is being
 * fed stale metadata.
 *
 * @param version timestamp version, increasing with every re-signing
 * @param expires after this instant the timestamp must not be used (whole second)
 * @param snapshotVersion version of the current snapshot
 * @param snapshotDigest SHA-256 of the current snapshot's payload bytes
 */
public record CatalogTimestamp(
    long version, Instant expires, long snapshotVersion, Digest snapshotDigest) {

  /** Value of the {@code format} field. */
  public static final String FORMAT = "hangar.timestamp.v1";

  /** DSSE payload type of a timestamp envelope. */
  public static final String PAYLOAD_TYPE = "application/vnd.hangar.timestamp+json";

  /** Validates the fields. */
  public CatalogTimestamp {
    if (version < 1 || version > Json.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("version must be 1..2^53-1");
    }
    if (snapshotVersion < 1 || snapshotVersion > Json.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("snapshotVersion must be 1..2^53-1");
    }
    Json.wholeSeconds(Objects.requireNonNull(expires, "expires"), "expires");
    Objects.requireNonNull(snapshotDigest, "snapshotDigest");
  }

  /** Returns a timestamp pointing at {@code snapshot}, whose envelope payload it pins. */
  public static CatalogTimestamp of(long version, Instant expires, CatalogSnapshot snapshot) {
    return new CatalogTimestamp(
        version, expires, snapshot.version(), Digest.of(snapshot.toCanonicalJson()));
  }

  /** Returns the canonical JSON payload. */
  public byte[] toCanonicalJson() {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.put("version", version);
    root.put("expires", expires.toString());
    root.putObject("snapshot")
        .put("version", snapshotVersion)
        .put("digest", snapshotDigest.toString());
    return CanonicalJson.canonicalize(root);
  }

  /** Returns an envelope carrying this timestamp, signed by {@code keys}. */
  public Envelope sign(SigningKey... keys) {
    return Envelope.of(PAYLOAD_TYPE, toCanonicalJson()).signedBy(keys);
  }

  /** Parses a timestamp payload, which must be canonical JSON without unknown fields. */
  public static CatalogTimestamp parse(byte[] payload) throws MalformedMetadataException {
    CatalogTimestamp t;
    try {
      JsonNode root = CanonicalJson.parse(payload);
      if (!FORMAT.equals(Json.text(root, "format"))) {
        throw new MalformedMetadataException("unsupported timestamp format");
      }
      JsonNode s = Json.field(root, "snapshot");
      t =
          new CatalogTimestamp(
              Json.integer(root, "version", 1, Json.MAX_SAFE_INTEGER),
              Json.instant(root, "expires"),
              Json.integer(s, "version", 1, Json.MAX_SAFE_INTEGER),
              Json.digest(s, "digest"));
    } catch (IllegalArgumentException e) {
      throw new MalformedMetadataException("invalid timestamp: " + e.getMessage(), e);
    }
    if (!Arrays.equals(payload, t.toCanonicalJson())) {
      throw new MalformedMetadataException("timestamp is not canonical or has unknown fields");
    }
    return t;
  }
}
