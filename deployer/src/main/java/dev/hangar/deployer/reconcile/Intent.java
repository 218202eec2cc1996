package dev.hangar.deployer.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * What Hangar wants of one deployment it knows, as the reconciler sees it.
 *
 * @param deploymentId the deployment's id, as text (the core does not care about its type)
 * @param domainName its libvirt domain name; per-deployment volumes are named {@code
 *     <domainName>-<suffix>}
 * @param homeNode the node of its current attempt; null when it has none
 * @param goal what should exist on the home node
 * @param busy true while someone else owns the deployment: a job of the queue is open for it, or it
 *     is in a transitional state (deploying, stopping, starting, rebooting, destroying); a busy
 *     deployment is never acted on, nor are its domain and volumes ever orphans
 * @param since when the deployment last changed; grace periods count from here, and the planner
 *     treats a deployment that changed after the node was observed as busy
 * @param recentRestarts restarts the reconciler made within the policy's restart window
 */
public record Intent(
    String deploymentId,
    String domainName,
    String homeNode,
    Goal goal,
    boolean busy,
    Instant since,
    int recentRestarts) {

  /** What should exist of the deployment on its home node. */
  public enum Goal {
    /** The domain should be running (the deployment is READY). */
    RUNNING,
    /** The domain should exist but be shut off (the deployment is STOPPED). */
    STOPPED,
    /**
     * The deployment failed with its attempt's resources still recorded: a domain found is kept for
     * inspection until the owner destroys it; without a domain, what is left is released.
     */
    KEEP,
    /** Nothing of it should exist anywhere (destroyed, or failed with its attempt cleaned up). */
    ABSENT
  }

  public Intent {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(domainName, "domainName");
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(since, "since");
  }
}
