package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.account.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which of a version's partitions are the same bytes as partitions elsewhere in the catalog: the
 * deduplication a user sees (a shared base root is stored and transferred once). Only appliances
 * the caller may see are named.
 */
@ApplicationScoped
public class PartitionSharing {
  private final VersionRepository versions;

  public PartitionSharing(VersionRepository versions) {
    this.versions = versions;
  }

  /**
   * One partition of a version and where else its bytes are used.
   *
   * @param label the partition's label
   * @param digest its SHA-256, null for an EMPTY partition (nothing stored, nothing shared)
   * @param sizeBytes its size
   * @param otherAppliances "publisher/appliance" of every other visible appliance using it
   * @param otherVersions other versions of this appliance using it
   */
  public record SharedPartition(
      String label,
      String digest,
      long sizeBytes,
      List<String> otherAppliances,
      List<String> otherVersions) {}

  /** The sharing of each partition of the version, in attachment order; empty if not visible. */
  @Transactional
  public Optional<List<SharedPartition>> of(Caller caller, UUID applianceId, String v) {
    return versions
        .find(applianceId, v)
        .filter(version -> Access.canSee(caller, version))
        .map(
            version ->
                version.partitions.stream()
                    .sorted(Comparator.comparingInt(p -> p.position))
                    .map(p -> sharing(caller, version, p))
                    .toList());
  }

  private SharedPartition sharing(Caller caller, ApplianceVersion self, VersionPartition p) {
    TreeSet<String> appliances = new TreeSet<>();
    TreeSet<String> otherVersions = new TreeSet<>();
    if (p.digest != null) {
      for (ApplianceVersion other : versions.referencing(p.digest)) {
        if (other.id.equals(self.id) || !Access.canSee(caller, other)) {
          continue;
        }
        if (other.appliance.id.equals(self.appliance.id)) {
          otherVersions.add(other.version);
        } else {
          appliances.add(other.appliance.publisher.name + "/" + other.appliance.name);
        }
      }
    }
    return new SharedPartition(
        p.label, p.digest, p.sizeBytes, List.copyOf(appliances), List.copyOf(otherVersions));
  }
}
