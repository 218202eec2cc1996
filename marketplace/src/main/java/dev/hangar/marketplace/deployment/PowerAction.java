package dev.hangar.marketplace.deployment;

/** A power action on a deployment's VM, with the state it needs and the state it moves to. */
public enum PowerAction {
  /** Shut the guest down (powered off after the grace period); the VM and its disks stay. */
  STOP(DeploymentState.READY, DeploymentState.STOPPING),
  /** Boot a stopped VM again, after re-verifying its cached content. */
  START(DeploymentState.STOPPED, DeploymentState.STARTING),
  /** Stop, then start. */
  REBOOT(DeploymentState.READY, DeploymentState.REBOOTING);

  private final DeploymentState requires;
  private final DeploymentState moves;

  PowerAction(DeploymentState requires, DeploymentState moves) {
    this.requires = requires;
    this.moves = moves;
  }

  /** The state a deployment must be in for this action. */
  public DeploymentState requires() {
    return requires;
  }

  /** The state the deployment is in while the action runs. */
  public DeploymentState inProgress() {
    return moves;
  }

  /** The action a deployment in {@code state} is carrying out, if it is one of these. */
  static java.util.Optional<PowerAction> inProgress(DeploymentState state) {
    for (PowerAction action : values()) {
      if (action.moves == state) {
        return java.util.Optional.of(action);
      }
    }
    return java.util.Optional.empty();
  }
}
