package dev.hangar.marketplace.imports;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionDto;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.UUID;

/**
 * {@code POST /api/v1/appliances/{id}/versions/{v}/import?format=qcow2}: streams a whole disk image
 * (raw, qcow2, VMDK, VHD, VHDX, ISO or OVA) into a draft version. Follow it live at {@code
 * .../progress}.
 */
@Path("/api/v1/appliances")
public class ImportResource {
  private final ImportService service;
  private final SecurityIdentity identity;

  public ImportResource(ImportService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
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
   */
  @POST
  @Path("{id}/versions/{version}/import")
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  public VersionDto importImage(
      @PathParam("id") UUID id,
      @PathParam("version") String version,
      @QueryParam("format") String format,
      @QueryParam("label") String label,
      @QueryParam("role") String role,
      @QueryParam("kind") String kind,
      @QueryParam("extractPartitions") @DefaultValue("false") boolean extractPartitions,
      InputStream body) {
    ImportRequest request = ImportRequest.parse(format, label, role, kind, extractPartitions);
    return service.importImage(Caller.of(identity), id, version, request, body);
  }
}
