package dev.hangar.marketplace.blob;

import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.problem.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Dedup-aware, resumable uploads: offer the chunk digests of a partition, upload only the missing
 * chunks, then commit the partition's manifest. After a dropped connection, offering again says
 * what still has to travel.
 */
@Path("/api/v1")
@RolesAllowed({Role.PUBLISHER_NAME, Role.ADMIN_NAME})
public class ChunkResource {
  /** Media type of a partition manifest as FORMAT.md defines it. */
  public static final String MANIFEST_TYPE = "application/vnd.hangar.partition.v1+json";

  /** Largest manifest accepted (about 500,000 chunks). */
  static final long MAX_MANIFEST_BYTES = 64L * 1024 * 1024;

  private final BlobService service;

  public ChunkResource(BlobService service) {
    this.service = service;
  }

  /** Chunk digests a client offers. */
  public record Offer(@NotNull @Size(max = 10000) List<@NotNull String> chunks) {}

  /** The offered digests the store lacks. */
  public record Missing(List<String> missing) {}

  @POST
  @Path("chunks/missing")
  public Missing missing(@Valid @NotNull Offer offer) {
    return new Missing(service.missingChunks(offer.chunks()));
  }

  @PUT
  @Path("chunks/{digest}")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  public Response putChunk(@PathParam("digest") String digest, byte[] bytes) {
    service.putChunk(digest, bytes);
    return Response.noContent().build();
  }

  /** Commits a partition whose chunks are all stored: 201 when new, 200 when it already was. */
  @POST
  @Path("partitions")
  @Consumes(MANIFEST_TYPE)
  public Response commit(@HeaderParam("Content-Length") long length, byte[] manifest) {
    if (length > MAX_MANIFEST_BYTES || manifest.length > MAX_MANIFEST_BYTES) {
      throw new ApiException(
          413, "Payload Too Large", "manifests are at most " + MAX_MANIFEST_BYTES + " bytes");
    }
    BlobService.Stored stored = service.commit(manifest);
    return Response.status(stored.created() ? 201 : 200)
        .type(MediaType.APPLICATION_JSON)
        .entity(stored)
        .build();
  }
}
