package dev.hangar.marketplace.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.appliance.PartitionKind;
import dev.hangar.marketplace.appliance.VersionPartition;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.SemVer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Derives the canonical manifest of a version from the catalog, for a given signing time. The same
 * version and time always give the same bytes, so a submitted signature can be checked by
 * rebuilding the manifest at the payload's own {@code issuedAt}.
 *
 * <p>EMPTY partitions are blank space made on the node and carry no content, so they are not listed
 * (the manifest lists only what a deployer fetches); partition kinds are written in lower case with
 * hyphens ({@code copy-on-write}, {@code shared-readonly}); the version's components are listed in
 * the order they are applied; context templates are not catalogued yet, so the map is empty.
 */
@ApplicationScoped
public class ManifestFactory {
  private final ObjectMapper json;

  public ManifestFactory(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Returns the manifest of {@code v} signed at {@code issuedAt} (truncated to whole seconds).
   *
   * @throws ApiException 409 if the version cannot be expressed as a manifest (for example a name
   *     outside the manifest's name pattern)
   */
  public ApplianceManifest manifest(ApplianceVersion v, Instant issuedAt) {
    try {
      List<ApplianceManifest.Partition> partitions = new ArrayList<>();
      for (VersionPartition p : v.partitions) {
        if (p.kind != PartitionKind.EMPTY) {
          partitions.add(
              new ApplianceManifest.Partition(
                  p.position, p.role, kind(p.kind), Digest.parse(p.digest), p.sizeBytes));
        }
      }
      return new ApplianceManifest(
          v.appliance.publisher.name,
          v.appliance.name,
          SemVer.parse(v.version),
          v.channel,
          partitions,
          new ApplianceManifest.Boot(
              new ApplianceManifest.Artifact(Digest.parse(v.kernelDigest), v.kernelSize),
              new ApplianceManifest.Artifact(Digest.parse(v.initrdDigest), v.initrdSize),
              v.cmdline),
          new ApplianceManifest.Requirements(v.arch, v.vcpus, v.memoryMib),
          schema(v.contextSchema),
          Map.of(),
          v.componentNames(),
          issuedAt.truncatedTo(ChronoUnit.SECONDS));
    } catch (IllegalArgumentException e) {
      throw ApiException.conflict(
          "version " + v.version + " cannot be described by a signed manifest: " + e.getMessage());
    }
  }

  private JsonNode schema(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored context schema is not JSON", e);
    }
  }

  static String kind(PartitionKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
