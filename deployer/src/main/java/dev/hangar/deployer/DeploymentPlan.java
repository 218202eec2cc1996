package dev.hangar.deployer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to boot one appliance instance on one node.
 *
 * @param nodeUri libvirt URI of the node
 * @param domainName libvirt domain name; also prefixes the per-deployment volume names
 * @param instanceId stable instance identity; the domain UUID is derived from it
 * @param vcpus virtual CPUs
 * @param memoryMiB guest memory
 * @param kernel kernel image
 * @param initrd initial ramdisk
 * @param cmdline kernel command line
 * @param partitions disks in attachment order
 * @param seedIso cloud-init NoCloud seed ISO, attached as a SCSI CD-ROM
 * @param smbiosSerial the SMBIOS system serial shown to the guest, e.g. {@code
 *     ds=nocloud-net;s=<url>/} pointing cloud-init at a NoCloud-net seed; empty for none
 */
public record DeploymentPlan(
    String nodeUri,
    String domainName,
    String instanceId,
    int vcpus,
    int memoryMiB,
    StagedFile kernel,
    StagedFile initrd,
    String cmdline,
    List<PartitionPlan> partitions,
    byte[] seedIso,
    Optional<String> smbiosSerial) {

  /** Rejects missing parts; partitions are copied. */
  public DeploymentPlan {
    Objects.requireNonNull(nodeUri, "nodeUri");
    Objects.requireNonNull(domainName, "domainName");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(initrd, "initrd");
    partitions = List.copyOf(partitions);
    Objects.requireNonNull(seedIso, "seedIso");
    if (partitions.stream().map(PartitionPlan::role).distinct().count() != partitions.size()) {
      throw new IllegalArgumentException("partition roles must be unique");
    }
    Objects.requireNonNull(smbiosSerial, "smbiosSerial");
  }

  /** A plan without an SMBIOS serial. */
  public DeploymentPlan(
      String nodeUri,
      String domainName,
      String instanceId,
      int vcpus,
      int memoryMiB,
      StagedFile kernel,
      StagedFile initrd,
      String cmdline,
      List<PartitionPlan> partitions,
      byte[] seedIso) {
    this(
        nodeUri,
        domainName,
        instanceId,
        vcpus,
        memoryMiB,
        kernel,
        initrd,
        cmdline,
        partitions,
        seedIso,
        Optional.empty());
  }

  /** This plan with {@code serial} as the guest's SMBIOS system serial. */
  public DeploymentPlan withSmbiosSerial(String serial) {
    return new DeploymentPlan(
        nodeUri,
        domainName,
        instanceId,
        vcpus,
        memoryMiB,
        kernel,
        initrd,
        cmdline,
        partitions,
        seedIso,
        Optional.of(serial));
  }

  /**
   * The content the domain reads from the node cache (kernel, initrd, then every partition that is
   * not {@link PartitionPlan.Kind#EMPTY}), in that order; what is verified before every boot.
   */
  public List<StagedFile> cachedContent() {
    List<StagedFile> files = new ArrayList<>(List.of(kernel, initrd));
    for (PartitionPlan p : partitions) {
      if (p.kind() != PartitionPlan.Kind.EMPTY) {
        files.add(p.content());
      }
    }
    return List.copyOf(files);
  }
}
