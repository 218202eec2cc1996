package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.appliance.ApplianceApi.ApplianceDto;
import dev.hangar.marketplace.appliance.ApplianceApi.CreateAppliance;
import dev.hangar.marketplace.appliance.ApplianceApi.CreateVersion;
import dev.hangar.marketplace.appliance.ApplianceApi.UpdateAppliance;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionDto;
import dev.hangar.marketplace.idempotency.Idempotency;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * Appliances and their versions. Anyone may browse what they may see; publishers change their own
 * appliances; updates carry the ETag they read in If-Match.
 */
@Path("/api/v1/appliances")
public class ApplianceResource {
  private final ApplianceService appliances;
  private final VersionService versions;
  private final SecurityIdentity identity;
  private final Idempotency idempotency;

  public ApplianceResource(
      ApplianceService appliances,
      VersionService versions,
      SecurityIdentity identity,
      Idempotency idempotency) {
    this.appliances = appliances;
    this.versions = versions;
    this.identity = identity;
    this.idempotency = idempotency;
  }

  @GET
  public List<ApplianceDto> list() {
    return appliances.list(caller());
  }

  @POST
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public Response create(
      @Valid @NotNull CreateAppliance request, @HeaderParam("Idempotency-Key") String key) {
    return idempotency.execute(
        key,
        caller(),
        "POST /api/v1/appliances",
        request,
        () -> {
          ApplianceDto created = appliances.create(caller(), request);
          return Response.created(URI.create("/api/v1/appliances/" + created.id()))
              .tag(etag(created))
              .entity(created)
              .build();
        });
  }

  @GET
  @Path("{id}")
  public Response get(@PathParam("id") UUID id) {
    ApplianceDto a =
        appliances.get(caller(), id).orElseThrow(() -> ApiException.notFound("appliance " + id));
    return Response.ok(a).tag(etag(a)).build();
  }

  /** Replaces the metadata; If-Match must carry the ETag of the appliance as last read. */
  @PUT
  @Path("{id}")
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public Response update(
      @PathParam("id") UUID id,
      @HeaderParam("If-Match") String ifMatch,
      @Valid @NotNull UpdateAppliance request) {
    if (ifMatch == null) {
      throw new ApiException(
          428, "Precondition Required", "send the appliance's ETag in If-Match to update it");
    }
    ApplianceDto updated = appliances.update(caller(), id, revision(ifMatch), request);
    return Response.ok(updated).tag(etag(updated)).build();
  }

  /** Deletes the appliance and all its versions (409 while deployments of it hold VMs). */
  @DELETE
  @Path("{id}")
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public Response delete(@PathParam("id") UUID id) {
    appliances.delete(caller(), id);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/versions")
  public List<VersionDto> versions(@PathParam("id") UUID id) {
    return versions.list(caller(), id);
  }

  @POST
  @Path("{id}/versions")
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public Response createVersion(
      @PathParam("id") UUID id,
      @Valid @NotNull CreateVersion request,
      @HeaderParam("Idempotency-Key") String key) {
    return idempotency.execute(
        key,
        caller(),
        "POST /api/v1/appliances/" + id + "/versions",
        request,
        () -> {
          VersionDto created = versions.create(caller(), id, request);
          return Response.created(
                  URI.create("/api/v1/appliances/" + id + "/versions/" + created.version()))
              .entity(created)
              .build();
        });
  }

  @GET
  @Path("{id}/versions/{version}")
  public VersionDto version(@PathParam("id") UUID id, @PathParam("version") String version) {
    return versions
        .get(caller(), id, version)
        .orElseThrow(() -> ApiException.notFound("version " + version + " of appliance " + id));
  }

  @POST
  @Path("{id}/versions/{version}/publish")
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public VersionDto publish(@PathParam("id") UUID id, @PathParam("version") String version) {
    return versions.publish(caller(), id, version);
  }

  @POST
  @Path("{id}/versions/{version}/deprecate")
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public VersionDto deprecate(@PathParam("id") UUID id, @PathParam("version") String version) {
    return versions.deprecate(caller(), id, version);
  }

  @POST
  @Path("{id}/versions/{version}/revoke")
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public VersionDto revoke(@PathParam("id") UUID id, @PathParam("version") String version) {
    return versions.revoke(caller(), id, version);
  }

  private Caller caller() {
    return Caller.of(identity);
  }

  private static EntityTag etag(ApplianceDto a) {
    return new EntityTag(Long.toString(a.revision()));
  }

  private static long revision(String ifMatch) {
    String value = ifMatch.trim();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    value = value.replace("\"", "");
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badField("If-Match", "is not an ETag this API issued");
    }
  }
}
