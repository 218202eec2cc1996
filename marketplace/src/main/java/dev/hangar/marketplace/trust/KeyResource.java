package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.trust.TrustApi.KeyDto;
import dev.hangar.marketplace.trust.TrustApi.ThresholdDto;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * Publisher signing keys: anyone may list them (they are public keys); a publisher's own users or
 * an administrator register and revoke them. Shares its root path with the publisher resource.
 */
@Path("/api/v1/publishers")
public class KeyResource {
  private final KeyService keys;
  private final SecurityIdentity identity;

  public KeyResource(KeyService keys, SecurityIdentity identity) {
    this.keys = keys;
    this.identity = identity;
  }

  /** A key to register, as JSON. */
  public record RegisterKey(@NotNull String publicKey) {}

  @POST
  @Path("{name}/keys")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public Response registerKey(@PathParam("name") String publisher, @NotNull RegisterKey request) {
    KeyDto key = keys.register(Caller.of(identity), publisher, request.publicKey());
    return Response.status(Response.Status.CREATED).entity(key).build();
  }

  @POST
  @Path("{name}/keys")
  @Consumes({MediaType.TEXT_PLAIN, "application/x-pem-file"})
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public Response registerPem(@PathParam("name") String publisher, String pem) {
    KeyDto key = keys.register(Caller.of(identity), publisher, pem);
    return Response.status(Response.Status.CREATED).entity(key).build();
  }

  @GET
  @Path("{name}/keys")
  public List<KeyDto> keys(@PathParam("name") String publisher) {
    return keys.list(publisher);
  }

  /** When a key stops counting; null means now. */
  public record Revoke(Instant revokedAt) {}

  /** Revokes a key as of now. */
  @POST
  @Path("{name}/keys/{keyId}/revoke")
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public KeyDto revoke(@PathParam("name") String publisher, @PathParam("keyId") String keyId) {
    return keys.revoke(Caller.of(identity), publisher, keyId, null);
  }

  /** Revokes a key as of {@code revokedAt}, which may lie in the past (a key compromised since). */
  @POST
  @Path("{name}/keys/{keyId}/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public KeyDto revokeAt(
      @PathParam("name") String publisher,
      @PathParam("keyId") String keyId,
      @NotNull Revoke request) {
    return keys.revoke(Caller.of(identity), publisher, keyId, request.revokedAt());
  }

  /** A k-of-n threshold to set. */
  public record SetThreshold(@NotNull Integer threshold) {}

  @GET
  @Path("{name}/threshold")
  public ThresholdDto threshold(@PathParam("name") String publisher) {
    return keys.threshold(publisher);
  }

  @PUT
  @Path("{name}/threshold")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public ThresholdDto setThreshold(
      @PathParam("name") String publisher, @NotNull SetThreshold request) {
    return keys.setThreshold(Caller.of(identity), publisher, request.threshold());
  }
}
