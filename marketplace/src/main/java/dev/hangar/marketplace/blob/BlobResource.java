package dev.hangar.marketplace.blob;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;

/**
 * Content-addressed files: {@code PUT} stores a body under the SHA-256 of its bytes (refused when
 * they do not match), {@code GET} streams it back verified.
 */
@Path("/api/v1/blobs/{digest}")
public class BlobResource {
  private final BlobService service;
  private final SecurityIdentity identity;

  public BlobResource(BlobService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @PUT
  @RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  public Response upload(@PathParam("digest") String digest, InputStream body) {
    BlobService.Stored stored = service.upload(digest, body);
    return Response.status(stored.created() ? 201 : 200).entity(stored).build();
  }

  /**
   * Streams the file, verified chunk by chunk; a {@code Range} header (one range) gets 206 with
   * only those bytes, fetching only the chunks they overlap.
   */
  @GET
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  public Response download(@PathParam("digest") String digest, @HeaderParam("Range") String range) {
    long size = service.visibleSize(Caller.of(identity), digest);
    ByteRange r = ByteRange.parse(range, size);
    long first = r == null ? 0 : r.first();
    long length = r == null ? size : r.length();
    InputStream in = service.open(digest, first, length);
    StreamingOutput body =
        out -> {
          try (in) {
            in.transferTo(out);
          }
        };
    Response.ResponseBuilder b =
        Response.status(r == null ? 200 : 206)
            .entity(body)
            .header("Accept-Ranges", "bytes")
            .header("Content-Length", length);
    if (r != null) {
      b.header("Content-Range", r.contentRange());
    }
    return b.build();
  }
}
