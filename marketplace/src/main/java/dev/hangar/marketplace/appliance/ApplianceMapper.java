package dev.hangar.marketplace.appliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.marketplace.appliance.ApplianceApi.ApplianceDto;
import dev.hangar.marketplace.appliance.ApplianceApi.Boot;
import dev.hangar.marketplace.appliance.ApplianceApi.DiskLayout;
import dev.hangar.marketplace.appliance.ApplianceApi.FileRef;
import dev.hangar.marketplace.appliance.ApplianceApi.PartitionLayout;
import dev.hangar.marketplace.appliance.ApplianceApi.PartitionSpec;
import dev.hangar.marketplace.appliance.ApplianceApi.Requirements;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionDto;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionSummary;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The one place entities become API documents. */
@ApplicationScoped
public class ApplianceMapper {
  private final ObjectMapper json;

  public ApplianceMapper(ObjectMapper json) {
    this.json = json;
  }

  /** The appliance with the versions in {@code versions} (already filtered for the caller). */
  public ApplianceDto toDto(Appliance a, List<ApplianceVersion> versions) {
    String latest =
        versions.stream()
            .filter(v -> v.status == VersionStatus.PUBLISHED)
            .max(Comparator.comparing(v -> v.publishedAt))
            .map(v -> v.version)
            .orElse(null);
    return new ApplianceDto(
        a.id,
        a.publisher.name,
        a.name,
        a.summary,
        a.description,
        Markdown.toSafeHtml(a.description),
        a.logoDigest == null
            ? null
            : "/api/v1/appliances/" + a.id + "/logo?v=" + a.logoDigest.substring(7, 19),
        a.createdAt,
        latest,
        List.copyOf(a.categories),
        List.copyOf(a.tags),
        a.visibility,
        a.sharedWith.stream().map(p -> p.name).sorted().toList(),
        a.revision,
        versions.stream()
            .map(v -> new VersionSummary(v.version, v.channel, v.status, v.publishedAt))
            .toList());
  }

  public VersionDto toDto(ApplianceVersion v) {
    return new VersionDto(
        v.id,
        v.appliance.id,
        v.version,
        v.channel,
        v.status,
        v.createdAt,
        v.publishedAt,
        new Boot(
            new FileRef(v.kernelDigest, v.kernelSize),
            new FileRef(v.initrdDigest, v.initrdSize),
            v.cmdline),
        new Requirements(
            v.arch, v.vcpus, v.memoryMib, Arrays.asList(v.hypervisors.split(",")), v.bootMode),
        v.partitions.stream()
            .map(
                p ->
                    new PartitionSpec(p.label, p.role, p.kind, p.filesystem, p.sizeBytes, p.digest))
            .toList(),
        v.releaseNotes,
        readSchema(v.contextSchema),
        v.componentNames(),
        v.statusChangedAt,
        v.partitions.stream()
            .filter(p -> p.sourceLayout != null)
            .map(p -> new PartitionLayout(p.label, readLayout(p.sourceLayout)))
            .toList());
  }

  /** The layout as stored JSON text. */
  public String writeLayout(DiskLayout layout) {
    try {
      return json.writeValueAsString(layout);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a disk layout", e);
    }
  }

  private DiskLayout readLayout(String text) {
    try {
      return json.readValue(text, DiskLayout.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored disk layout is not JSON", e);
    }
  }

  /** The schema as stored JSON text; {@code null} becomes an empty object. */
  public String writeSchema(JsonNode schema) {
    try {
      return schema == null || schema.isNull() ? "{}" : json.writeValueAsString(schema);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a parsed JSON tree", e);
    }
  }

  private JsonNode readSchema(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored context schema is not JSON", e);
    }
  }
}
