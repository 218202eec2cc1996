package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.trust.TrustApi.AttestationDto;
import dev.hangar.marketplace.trust.TrustApi.SignatureDto;
import dev.hangar.marketplace.trust.TrustApi.VerdictDto;
import dev.hangar.store.trust.ApplianceManifest;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Version manifests, signatures, attestations and trust verdicts. Reading is open to whoever may
 * see the version; submitting needs a publisher or an administrator who may see it. Shares its root
 * path with the appliance resource.
 */
@Path("/api/v1/appliances")
public class VersionTrustResource {
  private static final String VERSION = "{id}/versions/{version}";

  private final SignatureService signatures;
  private final TrustService trust;
  private final SecurityIdentity identity;

  public VersionTrustResource(
      SignatureService signatures, TrustService trust, SecurityIdentity identity) {
    this.signatures = signatures;
    this.trust = trust;
    this.identity = identity;
  }

  /** The canonical manifest bytes to sign; {@code issuedAt} defaults to now (whole seconds). */
  @GET
  @Path(VERSION + "/manifest")
  @Produces(ApplianceManifest.PAYLOAD_TYPE)
  public Response manifest(
      @PathParam("id") UUID id,
      @PathParam("version") String version,
      @QueryParam("issuedAt") String issuedAt) {
    Instant at;
    try {
      at = issuedAt == null ? Instant.now() : Instant.parse(issuedAt);
    } catch (DateTimeParseException e) {
      throw ApiException.badField("issuedAt", "must be RFC 3339 UTC, e.g. 2025-03-01T12:00:00Z");
    }
    return Response.ok(signatures.manifest(caller(), id, version, at))
        .type(ApplianceManifest.PAYLOAD_TYPE)
        .build();
  }

  @POST
  @Path(VERSION + "/signatures")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public Response sign(
      @PathParam("id") UUID id, @PathParam("version") String version, byte[] envelope) {
    return created(signatures.addSignature(caller(), id, version, envelope));
  }

  @GET
  @Path(VERSION + "/signatures")
  public List<SignatureDto> signatures(
      @PathParam("id") UUID id, @PathParam("version") String version) {
    return signatures.signatures(caller(), id, version);
  }

  @POST
  @Path(VERSION + "/attestations")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  public Response attest(
      @PathParam("id") UUID id, @PathParam("version") String version, byte[] envelope) {
    return created(signatures.addAttestation(caller(), id, version, envelope));
  }

  @GET
  @Path(VERSION + "/attestations")
  public List<AttestationDto> attestations(
      @PathParam("id") UUID id, @PathParam("version") String version) {
    return signatures.attestations(caller(), id, version);
  }

  @GET
  @Path(VERSION + "/trust")
  public VerdictDto verdict(@PathParam("id") UUID id, @PathParam("version") String version) {
    return trust.verdict(caller(), id, version);
  }

  private static Response created(Object entity) {
    return Response.status(Response.Status.CREATED).entity(entity).build();
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
