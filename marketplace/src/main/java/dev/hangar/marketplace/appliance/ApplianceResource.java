package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.appliance.ApplianceApi.ApplianceDto;
import dev.hangar.marketplace.appliance.ApplianceApi.CreateAppliance;
import dev.hangar.marketplace.appliance.ApplianceApi.CreateVersion;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionDto;
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
import java.util.UUID;

/** Appliances and their versions; publishing a draft makes it deployable. */
@Path("/api/v1/appliances")
public class ApplianceResource {
  private final ApplianceService service;

  public ApplianceResource(ApplianceService service) {
    this.service = service;
  }

  @GET
  public List<ApplianceDto> list() {
    return service.list();
  }

  @POST
  public Response create(@Valid @NotNull CreateAppliance request) {
    ApplianceDto created = service.create(request);
    return Response.created(URI.create("/api/v1/appliances/" + created.id()))
        .entity(created)
        .build();
  }

  @GET
  @Path("{id}")
  public ApplianceDto get(@PathParam("id") UUID id) {
    return service.get(id).orElseThrow(() -> ApiException.notFound("appliance " + id));
  }

  @GET
  @Path("{id}/versions")
  public List<VersionDto> versions(@PathParam("id") UUID id) {
    return service.versions(id);
  }

  @POST
  @Path("{id}/versions")
  public Response createVersion(@PathParam("id") UUID id, @Valid @NotNull CreateVersion request) {
    VersionDto created = service.createVersion(id, request);
    return Response.created(
            URI.create("/api/v1/appliances/" + id + "/versions/" + created.version()))
        .entity(created)
        .build();
  }

  @GET
  @Path("{id}/versions/{version}")
  public VersionDto version(@PathParam("id") UUID id, @PathParam("version") String version) {
    return service
        .version(id, version)
        .orElseThrow(() -> ApiException.notFound("version " + version + " of appliance " + id));
  }

  @POST
  @Path("{id}/versions/{version}/publish")
  public VersionDto publish(@PathParam("id") UUID id, @PathParam("version") String version) {
    return service.publish(id, version);
  }
}
