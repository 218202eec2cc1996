package dev.hangar.builder.cli;

import dev.hangar.builder.ApplianceDescriptor;
import dev.hangar.builder.ApplianceDescriptor.FileRef;
import dev.hangar.builder.ApplianceDescriptor.PartitionImage;
import dev.hangar.builder.PartitionKind;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.SemVer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The canonical manifest of a built appliance as the marketplace will derive it once published
 * (FORMAT.md, "Signing through the marketplace"), so it can be signed before uploading: position =
 * index in the partition list, EMPTY partitions left out, kinds lower case with hyphens, channel
 * {@code stable}, the recipe's context schema and components, no context templates (the publish
 * client sends none).
 */
final class BuiltManifest {
  /** The channel {@code PublishClient} creates versions in. */
  static final String CHANNEL = "stable";

  private BuiltManifest() {}

  /** Returns the manifest of {@code d} published by {@code publisher}, signed at {@code at}. */
  static ApplianceManifest of(ApplianceDescriptor d, String publisher, Instant at) {
    try {
      List<ApplianceManifest.Partition> partitions = new ArrayList<>();
      for (int i = 0; i < d.partitions().size(); i++) {
        PartitionImage p = d.partitions().get(i);
        if (p.kind() != PartitionKind.EMPTY) {
          partitions.add(
              new ApplianceManifest.Partition(
                  i,
                  p.role(),
                  kind(p.kind()),
                  Digest.parse("sha256:" + p.sha256()),
                  p.sizeBytes()));
        }
      }
      return new ApplianceManifest(
          publisher,
          d.name(),
          SemVer.parse(d.version()),
          CHANNEL,
          partitions,
          new ApplianceManifest.Boot(artifact(d.kernel()), artifact(d.initrd()), d.cmdline()),
          new ApplianceManifest.Requirements(
              d.requirements().arch() == null ? "x86_64" : d.requirements().arch(),
              d.requirements().vcpus(),
              d.requirements().memoryMiB()),
          d.contextSchema(),
          Map.of(),
          d.components(),
          at.truncatedTo(ChronoUnit.SECONDS));
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCodes.USAGE, "the appliance cannot be described by a manifest: " + e.getMessage());
    }
  }

  private static ApplianceManifest.Artifact artifact(FileRef ref) {
    return new ApplianceManifest.Artifact(Digest.parse("sha256:" + ref.sha256()), ref.size());
  }

  static String kind(PartitionKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
