package dev.hangar.marketplace.deployment;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.deployment.DeploymentApi.CreateDeployment;
import dev.hangar.marketplace.deployment.DeploymentApi.DeploymentDto;
import dev.hangar.marketplace.idempotency.Idempotency;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
  private final Idempotency idempotency;

  public DeploymentResource(
      DeploymentService service, SecurityIdentity identity, Idempotency idempotency) {
    this.service = service;
    this.identity = identity;
    this.idempotency = idempotency;
  }

  /** Accepts a deployment; it proceeds in the background (202), poll its state. */
  @POST
  public Response create(
      @Valid @NotNull CreateDeployment request,
      @QueryParam("dryRun") boolean dryRun,
      @HeaderParam("Idempotency-Key") String idempotencyKey) {
    Caller caller = Caller.of(identity);
    if (dryRun) {
      return Response.ok(service.create(caller, request, true)).build();
    }
    return idempotency.execute(
        idempotencyKey,
        caller,
        "POST /api/v1/deployments",
        request,
        () -> accepted(caller, request));
  }

  private Response accepted(Caller caller, CreateDeployment request) {
    DeploymentDto created = service.create(caller, request, false);
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
