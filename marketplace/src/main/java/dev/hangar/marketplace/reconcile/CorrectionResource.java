package dev.hangar.marketplace.reconcile;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.deployment.Corrections;
import dev.hangar.marketplace.deployment.Corrections.CorrectionDto;
import dev.hangar.marketplace.deployment.DeploymentService;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.UUID;

/** What the reconciler corrected on a deployment, for whoever may see the deployment. */
@Path("/api/v1/deployments/{id}/corrections")
@Authenticated
public class CorrectionResource {
  private final DeploymentService deployments;
  private final Corrections corrections;
  private final SecurityIdentity identity;

  public CorrectionResource(
      DeploymentService deployments, Corrections corrections, SecurityIdentity identity) {
    this.deployments = deployments;
    this.corrections = corrections;
    this.identity = identity;
  }

  /** The deployment's corrections, oldest first (404 if the caller may not see it). */
  @GET
  public List<CorrectionDto> list(@PathParam("id") UUID id) {
    if (deployments.get(Caller.of(identity), id).isEmpty()) {
      throw ApiException.notFound("deployment " + id);
    }
    return corrections.list(id);
  }
}
