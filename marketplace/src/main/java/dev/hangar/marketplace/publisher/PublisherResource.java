package dev.hangar.marketplace.publisher;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.idempotency.Idempotency;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Publishers: the organisations that own appliances. */
@Path("/api/v1/publishers")
public class PublisherResource {
  private final PublisherService service;
  private final SecurityIdentity identity;
  private final Idempotency idempotency;

  public PublisherResource(
      PublisherService service, SecurityIdentity identity, Idempotency idempotency) {
    this.service = service;
    this.identity = identity;
    this.idempotency = idempotency;
  }

  /** Registers a publisher (administrators only). */
  @POST
  @RolesAllowed(Role.ADMIN_NAME)
  public Response create(
      @Valid @NotNull CreatePublisher request, @HeaderParam("Idempotency-Key") String key) {
    Caller caller = Caller.of(identity);
    return idempotency.execute(
        key,
        caller,
        "POST /api/v1/publishers",
        request,
        () -> {
          PublisherDto created = service.create(caller, request);
          return Response.created(URI.create("/api/v1/publishers/" + created.name()))
              .entity(created)
              .build();
        });
  }

  @GET
  public List<PublisherDto> list() {
    return service.list();
  }

  @GET
  @Path("{name}")
  public PublisherDto get(@PathParam("name") String name) {
    return service.get(name).orElseThrow(() -> ApiException.notFound("publisher '" + name + "'"));
  }
}
