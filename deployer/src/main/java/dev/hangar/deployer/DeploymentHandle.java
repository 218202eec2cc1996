package dev.hangar.deployer;

import java.nio.file.Path;
import java.util.List;

/**
 * What a successful deploy created, enough to watch and destroy it later.
 *
 * @param nodeUri libvirt URI of the node
 * @param domainName libvirt domain name
 * @param instanceId instance identity from the plan
 * @param ownedVolumes per-deployment volumes to delete on destroy (never cache volumes)
 * @param consoleLog node path of the serial console log
 */
public record DeploymentHandle(
    String nodeUri,
    String domainName,
    String instanceId,
    List<String> ownedVolumes,
    Path consoleLog) {

  /** Copies the volume list. */
  public DeploymentHandle {
    ownedVolumes = List.copyOf(ownedVolumes);
  }
}
