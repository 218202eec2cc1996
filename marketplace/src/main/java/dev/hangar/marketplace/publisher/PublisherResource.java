package dev.hangar.marketplace.publisher;

import dev.hangar.marketplace.problem.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
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

  public PublisherResource(PublisherService service) {
    this.service = service;
  }

  @POST
  public Response create(@Valid @NotNull CreatePublisher request) {
    PublisherDto created = service.create(request);
    return Response.created(URI.create("/api/v1/publishers/" + created.name()))
        .entity(created)
        .build();
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
