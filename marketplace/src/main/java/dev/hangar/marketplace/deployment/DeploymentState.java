package dev.hangar.marketplace.deployment;

/**
 * Where a deployment is in its life: PENDING → STAGING → BOOTING → READY, then DESTROYING →
 * DESTROYED; FAILED from any step before READY (its message says why).
 */
public enum DeploymentState {
  PENDING,
  STAGING,
  BOOTING,
  READY,
  FAILED,
  DESTROYING,
  DESTROYED;

  /** True while the deployment may own a domain or volumes on its node. */
  public boolean holdsResources() {
    return this != DESTROYED;
  }
}
