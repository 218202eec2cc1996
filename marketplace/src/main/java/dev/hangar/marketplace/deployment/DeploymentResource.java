package dev.hangar.marketplace.deployment;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.deployment.DeploymentApi.CreateDeployment;
import dev.hangar.marketplace.deployment.DeploymentApi.DeploymentDto;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Deploy published appliances as VMs, watch them come up, destroy them. */
@Path("/api/v1/deployments")
@Authenticated
public class DeploymentResource {
  private final DeploymentService service;
  private final SecurityIdentity identity;

  public DeploymentResource(DeploymentService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  /** Accepts a deployment; it proceeds in the background (202), poll its state. */
  @POST
  public Response create(
      @Valid @NotNull CreateDeployment request, @QueryParam("dryRun") boolean dryRun) {
    DeploymentDto created = service.create(Caller.of(identity), request, dryRun);
    if (dryRun) {
      return Response.ok(created).build();
    }
    return Response.accepted(created)
        .location(URI.create("/api/v1/deployments/" + created.id()))
        .build();
  }

  @GET
  public List<DeploymentDto> list() {
    return service.list(Caller.of(identity));
  }

  @GET
  @Path("{id}")
  public DeploymentDto get(@PathParam("id") UUID id) {
    return service
        .get(Caller.of(identity), id)
        .orElseThrow(() -> ApiException.notFound("deployment " + id));
  }

  /** Destroys the VM and its per-deployment volumes (202; the state ends at DESTROYED). */
  @DELETE
  @Path("{id}")
  public Response destroy(@PathParam("id") UUID id) {
    return Response.accepted(service.destroy(Caller.of(identity), id)).build();
  }
}
