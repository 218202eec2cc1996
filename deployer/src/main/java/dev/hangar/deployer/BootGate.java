package dev.hangar.deployer;

/**
 * The last word before a domain is defined: called after every cache volume the domain will read
 * has been staged and re-hashed, so a trust decision made at request time (keys, revocations,
 * metadata expiry) is re-checked at the latest possible moment.
 */
@FunctionalInterface
public interface BootGate {
  /** A gate that always lets the domain boot. */
  BootGate OPEN = plan -> {};

  /**
   * Returns normally to let {@code plan} boot.
   *
   * @throws RuntimeException to refuse; the deploy then fails in phase {@code trust} and undoes
   *     what it created (staged cache volumes stay, they are verified content)
   */
  void beforeBoot(DeploymentPlan plan);
}
