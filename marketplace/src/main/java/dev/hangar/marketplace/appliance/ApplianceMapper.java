package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.appliance.ApplianceApi.ApplianceDto;
import dev.hangar.marketplace.appliance.ApplianceApi.Boot;
import dev.hangar.marketplace.appliance.ApplianceApi.FileRef;
import dev.hangar.marketplace.appliance.ApplianceApi.PartitionSpec;
import dev.hangar.marketplace.appliance.ApplianceApi.Requirements;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionDto;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionSummary;
import java.util.Comparator;
import java.util.List;

/** The one place entities become API documents. */
final class ApplianceMapper {
  private ApplianceMapper() {}

  static ApplianceDto toDto(Appliance a, List<ApplianceVersion> versions) {
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
        a.createdAt,
        latest,
        versions.stream()
            .map(v -> new VersionSummary(v.version, v.channel, v.status, v.publishedAt))
            .toList());
  }

  static VersionDto toDto(ApplianceVersion v) {
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
        new Requirements(v.arch, v.vcpus, v.memoryMib),
        v.partitions.stream()
            .map(
                p ->
                    new PartitionSpec(p.label, p.role, p.kind, p.filesystem, p.sizeBytes, p.digest))
            .toList());
  }
}
