package dev.hangar.marketplace.deployment;

import java.util.UUID;

/**
 * CDI events that hand work to {@link DeploymentRunner} once the requesting transaction commits.
 */
final class DeploymentEvents {
  private DeploymentEvents() {}

  /** A new deployment was recorded and should be brought up. */
  record Requested(UUID id) {}

  /** A deployment was marked DESTROYING and its VM should be torn down. */
  record DestroyRequested(UUID id) {}

  /** The guest reported READY or FAILED through the context broker; the runner stops waiting. */
  record GuestReported(UUID id) {}

  /** A deployment was marked STOPPING, STARTING or REBOOTING and its VM should follow. */
  record LifecycleRequested(UUID id, DeploymentState target) {}
}
