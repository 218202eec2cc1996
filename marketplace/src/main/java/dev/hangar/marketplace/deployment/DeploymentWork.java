package dev.hangar.marketplace.deployment;

import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.appliance.PartitionKind;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A detached snapshot of a deployment and its version, for work outside a transaction. */
public record DeploymentWork(
    UUID id,
    DeploymentState state,
    String instanceId,
    String hostname,
    String domainName,
    String nodeUri,
    Map<String, String> parameters,
    VersionFiles version) {

  /** The boot files, requirements and partitions of the deployed version. */
  public record VersionFiles(
      String kernelDigest,
      long kernelSize,
      String initrdDigest,
      long initrdSize,
      String cmdline,
      int vcpus,
      int memoryMib,
      List<Partition> partitions) {
    static VersionFiles of(ApplianceVersion v) {
      return new VersionFiles(
          v.kernelDigest,
          v.kernelSize,
          v.initrdDigest,
          v.initrdSize,
          v.cmdline,
          v.vcpus,
          v.memoryMib,
          v.partitions.stream()
              .map(p -> new Partition(p.role, p.kind, p.digest, p.sizeBytes))
              .toList());
    }
  }

  /** One partition, in attachment order. */
  public record Partition(String role, PartitionKind kind, String digest, long sizeBytes) {}
}
