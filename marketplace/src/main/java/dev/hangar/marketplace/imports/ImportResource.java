package dev.hangar.marketplace.imports;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionDto;
import dev.hangar.marketplace.idempotency.Idempotency;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /api/v1/appliances/{id}/versions/{v}/import?format=qcow2}: streams a whole disk image
 * (raw, qcow2, VMDK, VHD, VHDX, ISO or OVA) into a draft version. Follow it live at {@code
 * .../progress}.
 */
@Path("/api/v1/appliances")
public class ImportResource {
  private final ImportService service;
  private final SecurityIdentity identity;
  private final Idempotency idempotency;

  public ImportResource(ImportService service, SecurityIdentity identity, Idempotency idempotency) {
    this.service = service;
    this.identity = identity;
    this.idempotency = idempotency;
  }

  /**
   * Imports the body; answers the draft with the new partition(s) and their recorded layout.
   *
   * @param format the format the body is (required; must equal the detected one)
   * @param label label of the new partition (default {@code disk}); extracted partitions are
   *     labelled {@code <label>-p<N>}
   * @param role role of the whole-disk partition (default {@code disk})
   * @param kind COPY_ON_WRITE (default) or SHARED_READONLY
   * @param extractPartitions store each GPT/MBR partition separately (for direct kernel boot)
   * @param key {@code Idempotency-Key}: a retry with the same key, parameters and body gets the
   *     first answer again without a second import; the same key with anything else differing is
   *     refused with 422
   */
  @POST
  @Path("{id}/versions/{version}/import")
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  @APIResponse(
      responseCode = "200",
      description = "the draft version with the imported partition(s)",
      content = @Content(schema = @Schema(implementation = VersionDto.class)))
  public Response importImage(
      @PathParam("id") UUID id,
      @PathParam("version") String version,
      @QueryParam("format") String format,
      @QueryParam("label") String label,
      @QueryParam("role") String role,
      @QueryParam("kind") String kind,
      @QueryParam("extractPartitions") @DefaultValue("false") boolean extractPartitions,
      @HeaderParam("Idempotency-Key") String key,
      InputStream body) {
    ImportRequest request = ImportRequest.parse(format, label, role, kind, extractPartitions);
    Caller caller = Caller.of(identity);
    // The body decides "same request", so it is received (and hashed) before the key is claimed.
    try (ImageUpload upload = service.receive(caller, id, version, body)) {
      Response response =
          idempotency.execute(
              key,
              caller,
              "POST /api/v1/appliances/" + id + "/versions/" + version + "/import",
              new Fingerprint(request, upload.sha256()),
              () ->
                  Response.ok(service.importReceived(caller, id, version, request, upload))
                      .build());
      // Ends the progress of a replayed request; no-op after an import that ran.
      upload.progress().done("already imported by the request with this Idempotency-Key");
      return response;
    }
  }

  /** What makes two import requests the same: their parameters and the SHA-256 of the body. */
  record Fingerprint(ImportRequest request, String bodySha256) {}
}
