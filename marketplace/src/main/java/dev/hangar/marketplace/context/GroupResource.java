package dev.hangar.marketplace.context;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.context.GroupApi.CreateGroup;
import dev.hangar.marketplace.context.GroupApi.GroupDto;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** Multi-VM deploys whose roles exchange data through the context broker. */
@Path("/api/v1/deployment-groups")
@Authenticated
public class GroupResource {
  private final GroupService service;
  private final SecurityIdentity identity;

  public GroupResource(GroupService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  /** Accepts the group and one deployment per VM (202); poll the group or its deployments. */
  @POST
  public Response create(@Valid @NotNull CreateGroup request) {
    GroupDto created = service.create(Caller.of(identity), request);
    return Response.accepted(created)
        .location(URI.create("/api/v1/deployment-groups/" + created.id()))
        .build();
  }

  @GET
  @Path("{id}")
  public GroupDto get(@PathParam("id") UUID id) {
    return service
        .get(Caller.of(identity), id)
        .orElseThrow(() -> ApiException.notFound("deployment group " + id));
  }

  /** Destroys every VM of the group (202). */
  @DELETE
  @Path("{id}")
  public Response destroy(@PathParam("id") UUID id) {
    return Response.accepted(service.destroy(Caller.of(identity), id)).build();
  }
}
