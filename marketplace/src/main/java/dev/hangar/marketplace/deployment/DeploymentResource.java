package dev.hangar.marketplace.deployment;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.deployment.DeploymentApi.CreateDeployment;
import dev.hangar.marketplace.deployment.DeploymentApi.DeploymentDto;
import dev.hangar.marketplace.idempotency.Idempotency;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestStreamElementType;

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

  /**
   * The tail of the VM's serial console as plain text ({@code lines}, 1 to 1000, default 40); empty
   * until the VM has started. The log is read on this host, where the local node writes it.
   */
  @GET
  @Path("{id}/console")
  @Produces(MediaType.TEXT_PLAIN)
  public String console(
      @PathParam("id") UUID id, @QueryParam("lines") @DefaultValue("40") int lines) {
    if (lines < 1 || lines > 1000) {
      throw ApiException.badField("lines", "must be between 1 and 1000");
    }
    return service
        .consoleTail(Caller.of(identity), id, lines)
        .orElseThrow(() -> ApiException.notFound("deployment " + id));
  }

  /**
   * Server-sent events: the deployment document each time it changes (state, progress message,
   * addresses), ending after a final state (READY, FAILED, DESTROYED) has been sent.
   */
  @GET
  @Path("{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking // a Multi would put the first read, and its transaction, on the event loop
  public Multi<DeploymentDto> events(@PathParam("id") UUID id) {
    Caller caller = Caller.of(identity);
    DeploymentDto first = get(id);
    return DeploymentStream.of(first, () -> service.get(caller, id));
  }

  /** Destroys the VM and its per-deployment volumes (202; the state ends at DESTROYED). */
  @DELETE
  @Path("{id}")
  public Response destroy(@PathParam("id") UUID id) {
    return Response.accepted(service.destroy(Caller.of(identity), id)).build();
  }

  /**
   * Shuts a READY deployment's guest down (powered off after the grace period); 202, the state ends
   * at STOPPED. 409 in any other state.
   */
  @POST
  @Path("{id}/stop")
  public Response stop(@PathParam("id") UUID id) {
    return power(id, PowerAction.STOP);
  }

  /** Boots a STOPPED deployment again; 202, the state ends at READY. 409 in any other state. */
  @POST
  @Path("{id}/start")
  public Response start(@PathParam("id") UUID id) {
    return power(id, PowerAction.START);
  }

  /** Stops and starts a READY deployment; 202, the state ends at READY. 409 otherwise. */
  @POST
  @Path("{id}/reboot")
  public Response reboot(@PathParam("id") UUID id) {
    return power(id, PowerAction.REBOOT);
  }

  private Response power(UUID id, PowerAction action) {
    return Response.accepted(service.requestPower(Caller.of(identity), id, action)).build();
  }
}
