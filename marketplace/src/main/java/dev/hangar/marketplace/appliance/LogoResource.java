package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/appliances/{id}/logo}: publishers upload a PNG, JPEG, GIF or WebP image (any
 * Content-Type; the bytes decide), everyone who sees the appliance may fetch it.
 */
@Path("/api/v1/appliances")
public class LogoResource {
  private final LogoService logos;
  private final SecurityIdentity identity;
  private final int maxBytes;

  public LogoResource(LogoService logos, SecurityIdentity identity, HangarConfig config) {
    this.logos = logos;
    this.identity = identity;
    this.maxBytes = config.logos().maxBytes();
  }

  @PUT
  @Path("{id}/logo")
  @Consumes("*/*")
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public Response put(@PathParam("id") UUID id, InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw new ApiException(
          413,
          "Payload Too Large",
          "body: logos are at most " + maxBytes + " bytes",
          List.of(
              new dev.hangar.marketplace.problem.Problem.FieldError(
                  "body", "larger than " + maxBytes + " bytes")));
    }
    String digest = logos.put(Caller.of(identity), id, bytes);
    return Response.noContent().tag(new EntityTag(digest)).build();
  }

  /** The logo, with {@code nosniff} so browsers never treat it as anything but its image type. */
  @GET
  @Path("{id}/logo")
  public Response get(@PathParam("id") UUID id, @jakarta.ws.rs.core.Context Request request) {
    LogoService.Logo logo =
        logos
            .get(Caller.of(identity), id)
            .orElseThrow(() -> ApiException.notFound("logo of appliance " + id));
    EntityTag tag = new EntityTag(logo.digest());
    Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
    if (notModified != null) {
      return notModified.build();
    }
    return Response.ok(logo.content(), logo.mediaType())
        .tag(tag)
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'")
        .header("Cache-Control", "private, max-age=300")
        .build();
  }

  @DELETE
  @Path("{id}/logo")
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public Response delete(@PathParam("id") UUID id) {
    logos.delete(Caller.of(identity), id);
    return Response.noContent().build();
  }
}
