package dev.hangar.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A lease or sweep record: the object {@code key} announcing an activity that began at {@code
 * start} and is valid until {@code expiry} (JSON {@code {"start": ms, "expiry": ms}}, epoch
 * milliseconds).
 *
 * @param key the record's blob key ({@code leases/<id>} or {@code gc/<id>})
 * @param start when the activity began
 * @param expiry when the record stops counting unless renewed
 */
record TimedRecord(String key, Instant start, Instant expiry) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  TimedRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(expiry, "expiry");
  }

  /** Returns true while {@code now} is before the expiry. */
  boolean liveAt(Instant now) {
    return now.isBefore(expiry);
  }

  byte[] toJson() {
    return ("{\"start\":" + start.toEpochMilli() + ",\"expiry\":" + expiry.toEpochMilli() + "}")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Parses a record, or returns empty if the bytes are not a valid record. */
  static Optional<TimedRecord> parse(String key, byte[] json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null
          || !root.path("start").isIntegralNumber()
          || !root.path("expiry").isIntegralNumber()) {
        return Optional.empty();
      }
      return Optional.of(
          new TimedRecord(
              key,
              Instant.ofEpochMilli(root.get("start").longValue()),
              Instant.ofEpochMilli(root.get("expiry").longValue())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
