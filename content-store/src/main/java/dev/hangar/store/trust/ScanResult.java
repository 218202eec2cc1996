package dev.hangar.store.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Hangar's vulnerability-scan predicate: which scanner looked at an appliance, when, what it found
 * per severity and whether the scanner's own gate passed.
 *
 * @param scanner scanner name
 * @param scannerVersion scanner version
 * @param scannedAt scan time (whole second)
 * @param findings severity (e.g. {@code critical}) to number of findings
 * @param passed whether the scan met the scanner's gate
 */
public record ScanResult(
    String scanner,
    String scannerVersion,
    Instant scannedAt,
    Map<String, Long> findings,
    boolean passed) {

  /** Predicate type URI of this predicate. */
  public static final String PREDICATE_TYPE = "https://hangar.dev/scan/v1";

  /** Validates and copies (sorted) the inputs. */
  public ScanResult {
    Objects.requireNonNull(scanner, "scanner");
    Objects.requireNonNull(scannerVersion, "scannerVersion");
    Json.wholeSeconds(Objects.requireNonNull(scannedAt, "scannedAt"), "scannedAt");
    findings = Collections.unmodifiableMap(new TreeMap<>(findings));
  }

  /** Returns the predicate JSON object. */
  public ObjectNode toJson() {
    ObjectNode root = Json.object();
    root.put("scanner", scanner);
    root.put("scannerVersion", scannerVersion);
    root.put("scannedAt", scannedAt.toString());
    ObjectNode f = root.putObject("findings");
    findings.forEach(f::put);
    root.put("passed", passed);
    return root;
  }

  /** Reads the predicate JSON object. */
  public static ScanResult fromJson(JsonNode node) throws MalformedMetadataException {
    Map<String, Long> f = new TreeMap<>();
    JsonNode findings = Json.field(node, "findings");
    for (Iterator<String> it = findings.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      f.put(k, Json.integer(findings, k, 0, Json.MAX_SAFE_INTEGER));
    }
    JsonNode passed = Json.field(node, "passed");
    if (!passed.isBoolean()) {
      throw new MalformedMetadataException("field 'passed' must be a boolean");
    }
    return new ScanResult(
        Json.text(node, "scanner"),
        Json.text(node, "scannerVersion"),
        Json.instant(node, "scannedAt"),
        f,
        passed.booleanValue());
  }
}
