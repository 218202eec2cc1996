package dev.hangar.deployer.reconcile;

import dev.hangar.deployer.libvirt.VmState;

/** One thing the reconciler should do on a node, with the intent it concerns. */
public sealed interface Correction {
  /** The node the correction acts on. */
  String node();

  /** A READY deployment's domain is shut off or crashed: start it again (restart {@code n}). */
  record Restart(String node, Intent intent, VmState observed, int n) implements Correction {}

  /** A READY deployment's domain is down again after the allowed restarts: fail it, keep the VM. */
  record GiveUp(String node, Intent intent, VmState observed) implements Correction {}

  /** A STOPPED deployment's domain is running: stop it. */
  record Stop(String node, Intent intent, VmState observed) implements Correction {}

  /**
   * A READY or STOPPED deployment's domain is gone from its home node: fail it and release what it
   * still holds (claim, address, volumes, seed).
   */
  record Vanished(String node, Intent intent) implements Correction {}

  /**
   * A failed deployment's domain is gone but its attempt's claim or volumes are recorded: free
   * them.
   */
  record ReleaseLeftovers(String node, Intent intent) implements Correction {}

  /** A domain of a deployment that should have none on this node: destroy and undefine it. */
  record RemoveOrphanDomain(String node, Intent intent, String domain) implements Correction {}

  /** A per-deployment volume of a deployment that should have none on this node: delete it. */
  record RemoveOrphanVolume(String node, Intent intent, String volume) implements Correction {}

  /**
   * A Hangar-named domain no deployment of this database knows: reported, never touched (another
   * installation may share the node).
   */
  record Unknown(String node, String domain) implements Correction {}
}
