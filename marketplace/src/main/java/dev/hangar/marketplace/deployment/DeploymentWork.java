package dev.hangar.marketplace.deployment;

import dev.hangar.context.CloudConfig;
import dev.hangar.context.Components;
import dev.hangar.context.SeedRequest;
import dev.hangar.context.UserData;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.appliance.PartitionKind;
import dev.hangar.marketplace.trust.DeployGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A detached snapshot of a deployment and its version, for work outside a transaction. {@link
 * #toString()} names the parameters but shows no values, since some are secret.
 *
 * @param parameters every context parameter value, the secret ones opened
 * @param secretParameters names of the secret ones among them
 * @param sshAuthorizedKeys OpenSSH public keys for the image's default user, as the caller gave
 *     them
 * @param userData the caller's own {@code #cloud-config} or {@code #!} script, or null
 * @param nodeName node of the current or last attempt, if any
 * @param nodeUri that node's libvirt URI, if any
 * @param claimId the claim held for it, if any
 * @param step how far the current attempt got (CLAIMED, STAGING, STARTED), null between attempts
 * @param triedNodes nodes attempts were made on
 * @param attempts attempts made so far
 * @param requestedNode the node the caller asked for, if any
 * @param requestedLabels labels the caller required
 */
public record DeploymentWork(
    UUID id,
    DeploymentState state,
    String instanceId,
    String hostname,
    String domainName,
    String nodeName,
    String nodeUri,
    UUID claimId,
    String step,
    Set<String> triedNodes,
    int attempts,
    String requestedNode,
    Map<String, String> requestedLabels,
    Map<String, String> parameters,
    Set<String> secretParameters,
    List<String> sshAuthorizedKeys,
    String userData,
    VersionFiles version) {

  /**
   * What the VM's NoCloud seed carries, on the seed ISO and from its NoCloud-net endpoint: its
   * identity and parameters with the version's components applied, then the caller's user-data.
   */
  public SeedRequest seedRequest() {
    return seedRequest(
        instanceId,
        hostname,
        parameters,
        secretParameters,
        sshAuthorizedKeys,
        version.components(),
        userData);
  }

  /**
   * The seed request of a VM: identity and context parameters, then {@code components} applied in
   * order ({@link Components#standard()}), then the caller's {@code userData} ({@link UserData}).
   * Deploy requests are checked with this same method, so a parameter a component cannot use, or
   * user-data the guest would not apply, is refused before anything is recorded.
   *
   * @throws dev.hangar.context.InvalidSeedException naming the field (e.g. {@code
   *     parameters.BLANKSPACES}) if a value is unusable or a component lacks a parameter
   * @throws dev.hangar.context.UnknownComponentException if this service does not know a component
   */
  static SeedRequest seedRequest(
      String instanceId,
      String hostname,
      Map<String, String> parameters,
      Set<String> secretParameters,
      List<String> sshAuthorizedKeys,
      List<String> components,
      String userData) {
    SeedRequest base =
        new SeedRequest(
            instanceId,
            hostname,
            parameters,
            sshAuthorizedKeys,
            secretParameters,
            CloudConfig.empty(),
            Optional.empty());
    return UserData.apply(Components.standard().apply(base, components), userData);
  }

  @Override
  public String toString() {
    return "DeploymentWork[id="
        + id
        + ", state="
        + state
        + ", instanceId="
        + instanceId
        + ", domainName="
        + domainName
        + ", parameters="
        + new java.util.TreeSet<>(parameters.keySet())
        + ", components="
        + version.components()
        + "]";
  }

  /** Steps an attempt records as it goes, for whoever takes over after a crash. */
  public static final String CLAIMED = "CLAIMED";

  public static final String STAGING = "STAGING";
  public static final String STARTED = "STARTED";

  /**
   * The boot files, requirements and partitions of the deployed version, and the standard
   * components applied to its seed in order.
   */
  public record VersionFiles(
      String arch,
      String kernelDigest,
      long kernelSize,
      String initrdDigest,
      long initrdSize,
      String cmdline,
      int vcpus,
      int memoryMib,
      List<Partition> partitions,
      List<String> components) {
    static VersionFiles of(ApplianceVersion v) {
      return new VersionFiles(
          v.arch,
          v.kernelDigest,
          v.kernelSize,
          v.initrdDigest,
          v.initrdSize,
          v.cmdline,
          v.vcpus,
          v.memoryMib,
          v.partitions.stream()
              .map(p -> new Partition(p.role, p.kind, p.digest, p.sizeBytes))
              .toList(),
          v.componentNames());
    }

    /** What the version boots and applies, for matching against its signed manifest. */
    public DeployGuard.BootFiles bootFiles() {
      List<DeployGuard.Artifact> files = new ArrayList<>();
      files.add(new DeployGuard.Artifact(kernelDigest, kernelSize));
      files.add(new DeployGuard.Artifact(initrdDigest, initrdSize));
      for (Partition p : partitions) {
        if (p.digest() != null) {
          files.add(new DeployGuard.Artifact(p.digest(), p.sizeBytes()));
        }
      }
      return new DeployGuard.BootFiles(cmdline, files, components);
    }
  }

  /** One partition, in attachment order. */
  public record Partition(String role, PartitionKind kind, String digest, long sizeBytes) {}
}
