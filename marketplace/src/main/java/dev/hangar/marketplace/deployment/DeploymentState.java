package dev.hangar.marketplace.deployment;

/**
 * Where a deployment is in its life: PENDING → STAGING → BOOTING → READY, then DESTROYING →
 * DESTROYED; FAILED from any step before READY (its message says why). A READY deployment can be
 * stopped (STOPPING → STOPPED), a STOPPED one started (STARTING → READY) and a READY one rebooted
 * (REBOOTING → READY); each of these ends FAILED if the guest does not come back. The reconciler
 * fails a READY or STOPPED deployment whose domain vanished or keeps going down.
 */
public enum DeploymentState {
  PENDING,
  STAGING,
  BOOTING,
  READY,
  FAILED,
  DESTROYING,
  DESTROYED,
  STOPPING,
  STOPPED,
  STARTING,
  REBOOTING;

  /** True while the deployment may own a domain or volumes on its node. */
  public boolean holdsResources() {
    return this != DESTROYED;
  }
}
