package dev.hangar.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The objects through which uploaders and the collector coordinate (FORMAT.md, "Garbage
 * collection"): touch records {@code touch/<id>.json}, upload leases {@code leases/<id>} and sweep
 * records {@code gc/<id>}.
 */
final class Liveness {

  static final String TOUCH = "touch/";
  static final String LEASES = "leases/";
  static final String SWEEPS = "gc/";

  private static final long POLL_MILLIS = 10;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BlobStore blobs;
  private final Clock clock;
  private final StoreTimings timings;

  Liveness(BlobStore blobs, Clock clock, StoreTimings timings) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timings = Objects.requireNonNull(timings, "timings");
  }

  BlobStore blobs() {
    return blobs;
  }

  StoreTimings timings() {
    return timings;
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * Records that {@code objectKeys} are in use now, which restarts their grace period: one touch
   * record {@code touch/<id>.json} per call, however many keys it names.
   */
  void touch(Collection<String> objectKeys) {
    touch(objectKeys, clock.instant());
  }

  /** Writes a touch record dated {@code time} (the collector uses it to rewrite records). */
  void touch(Collection<String> objectKeys, Instant time) {
    if (objectKeys.isEmpty()) {
      return;
    }
    ObjectNode root = MAPPER.createObjectNode();
    root.put("time", time.toEpochMilli());
    ArrayNode keys = root.putArray("keys");
    objectKeys.forEach(keys::add);
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an in-memory JSON tree", e);
    }
    blobs.put(TOUCH + UUID.randomUUID() + ".json", new ByteArrayInputStream(json), json.length);
  }

  /**
   * A touch record as read back.
   *
   * @param key the record's blob key
   * @param time when the objects were touched
   * @param objects the keys of the objects it names
   */
  record Touch(String key, Instant time, List<String> objects) {}

  /** Reads every touch record; unreadable ones are skipped (they protect nothing). */
  List<Touch> touches() {
    List<Touch> touches = new ArrayList<>();
    for (String key : blobs.list(TOUCH)) {
      JsonNode root;
      try (InputStream in = blobs.get(key)) {
        root = MAPPER.readTree(in);
      } catch (BlobNotFoundException e) {
        continue;
      } catch (JsonProcessingException e) {
        continue; // not a touch record
      } catch (IOException e) {
        throw new BlobStoreException("reading " + key + " failed: " + e.getMessage(), true, e);
      }
      if (root == null || !root.path("time").isIntegralNumber() || !root.path("keys").isArray()) {
        continue;
      }
      List<String> objects = new ArrayList<>();
      root.get("keys").forEach(object -> objects.add(object.asText()));
      touches.add(new Touch(key, Instant.ofEpochMilli(root.get("time").longValue()), objects));
    }
    return touches;
  }

  /** Returns, per object key, the latest time any of {@code touches} names it. */
  static Map<String, Instant> latest(List<Touch> touches) {
    Map<String, Instant> latest = new HashMap<>();
    for (Touch touch : touches) {
      for (String object : touch.objects()) {
        latest.merge(object, touch.time(), (x, y) -> x.isAfter(y) ? x : y);
      }
    }
    return latest;
  }

  void write(TimedRecord record) {
    byte[] json = record.toJson();
    blobs.put(record.key(), new ByteArrayInputStream(json), json.length);
  }

  /** Returns the valid records under {@code prefix} (invalid ones are skipped), live or not. */
  List<TimedRecord> records(String prefix) {
    List<TimedRecord> records = new ArrayList<>();
    for (String key : blobs.list(prefix)) {
      try (InputStream in = blobs.get(key)) {
        TimedRecord.parse(key, in.readNBytes(4096)).ifPresent(records::add);
      } catch (BlobNotFoundException e) {
        // released concurrently
      } catch (IOException e) {
        throw new BlobStoreException("reading " + key + " failed: " + e.getMessage(), true, e);
      }
    }
    return records;
  }

  /**
   * Returns once no live sweep record exists, so that every object this caller touched before the
   * call is safe from deletion by any sweep, and existence checks made afterwards stay true.
   *
   * @throws StoreBusyException if a sweep is still live after {@link StoreTimings#sweepWait()}
   */
  void awaitNoLiveSweep() throws InterruptedIOException {
    long deadline = System.nanoTime() + timings.sweepWait().toNanos();
    while (true) {
      Instant now = now();
      Optional<TimedRecord> running =
          records(SWEEPS).stream().filter(r -> r.liveAt(now)).findFirst();
      if (running.isEmpty()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new StoreBusyException(
            "garbage collection " + running.get().key() + " is sweeping; retry later");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for a sweep to end");
      }
    }
  }
}
