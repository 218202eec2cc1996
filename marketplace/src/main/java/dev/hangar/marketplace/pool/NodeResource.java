package dev.hangar.marketplace.pool;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.pool.NodeApi.CreateNode;
import dev.hangar.marketplace.pool.NodeApi.NodeDto;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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

/** The VMM pool: nodes, their capacity and caches, and the operator's drain/maintenance switch. */
@Path("/api/v1/nodes")
@RolesAllowed({Role.OPERATOR_NAME, Role.ADMIN_NAME})
public class NodeResource {
  private final PoolService pool;
  private final SecurityIdentity identity;

  public NodeResource(PoolService pool, SecurityIdentity identity) {
    this.pool = pool;
    this.identity = identity;
  }

  @GET
  public List<NodeDto> list() {
    return pool.list();
  }

  @GET
  @Path("{name}")
  public NodeDto get(@PathParam("name") String name) {
    return pool.get(name);
  }

  /** Registers a node (201); it is probed at once and shows DOWN if libvirt cannot reach it. */
  @POST
  public Response register(@Valid @NotNull CreateNode request) {
    NodeDto node = pool.register(Caller.of(identity), request);
    return Response.created(URI.create("/api/v1/nodes/" + node.name())).entity(node).build();
  }

  @POST
  @Path("{name}/drain")
  public NodeDto drain(@PathParam("name") String name) {
    return pool.drain(Caller.of(identity), name);
  }

  @POST
  @Path("{name}/maintenance")
  public NodeDto maintenance(@PathParam("name") String name) {
    return pool.maintenance(Caller.of(identity), name);
  }

  @POST
  @Path("{name}/activate")
  public NodeDto activate(@PathParam("name") String name) {
    return pool.activate(Caller.of(identity), name);
  }

  @DELETE
  @Path("{name}")
  public Response remove(@PathParam("name") String name) {
    pool.remove(Caller.of(identity), name);
    return Response.noContent().build();
  }
}
