package dev.hangar.marketplace.deployment;

import dev.hangar.marketplace.deployment.DeploymentApi.CreateDeployment;
import dev.hangar.marketplace.deployment.DeploymentApi.DeploymentDto;
import dev.hangar.marketplace.problem.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Deploy published appliances as VMs, watch them come up, destroy them. */
@Path("/api/v1/deployments")
public class DeploymentResource {
  private final DeploymentService service;

  public DeploymentResource(DeploymentService service) {
    this.service = service;
  }

  /** Accepts a deployment; it proceeds in the background (202), poll its state. */
  @POST
  public Response create(@Valid @NotNull CreateDeployment request) {
    DeploymentDto created = service.create(request);
    return Response.accepted(created)
        .location(URI.create("/api/v1/deployments/" + created.id()))
        .build();
  }

  @GET
  public List<DeploymentDto> list() {
    return service.list();
  }

  @GET
  @Path("{id}")
  public DeploymentDto get(@PathParam("id") UUID id) {
    return service.get(id).orElseThrow(() -> ApiException.notFound("deployment " + id));
  }

  /** Destroys the VM and its per-deployment volumes (202; the state ends at DESTROYED). */
  @DELETE
  @Path("{id}")
  public Response destroy(@PathParam("id") UUID id) {
    return Response.accepted(service.destroy(id)).build();
  }
}
