package dev.hangar.marketplace.blob;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.appliance.VersionService;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.progress.ProgressHub;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.util.Optional;
import java.util.UUID;

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

  /**
   * Optional request header naming the draft an upload is for, {@code <appliance id>/<version>}:
   * offers, chunks and commits are then reported as that version's progress (server-sent events).
   */
  public static final String VERSION_HEADER = "Hangar-Version";

  private final BlobService service;
  private final VersionService versions;
  private final ProgressHub progress;
  private final SecurityIdentity identity;

  public ChunkResource(
      BlobService service,
      VersionService versions,
      ProgressHub progress,
      SecurityIdentity identity) {
    this.service = service;
    this.versions = versions;
    this.progress = progress;
    this.identity = identity;
  }

  /** The upload operation of the draft the header names, or empty without the header. */
  private Optional<ProgressHub.Operation> progress(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String[] parts = header.trim().split("/", 2);
    UUID appliance;
    try {
      appliance = UUID.fromString(parts[0]);
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(VERSION_HEADER, "must be <appliance id>/<version>");
    }
    if (parts.length != 2 || parts[1].isBlank()) {
      throw ApiException.badField(VERSION_HEADER, "must be <appliance id>/<version>");
    }
    UUID version = versions.draftForImport(Caller.of(identity), appliance, parts[1]);
    return Optional.of(progress.join(version, "upload"));
  }

  /** Chunk digests a client offers. */
  public record Offer(@NotNull @Size(max = 10000) List<@NotNull String> chunks) {}

  /** The offered digests the store lacks. */
  public record Missing(List<String> missing) {}

  @POST
  @Path("chunks/missing")
  public Missing missing(@Valid @NotNull Offer offer, @HeaderParam(VERSION_HEADER) String version) {
    Optional<ProgressHub.Operation> op = progress(version);
    List<String> missing = service.missingChunks(offer.chunks());
    op.ifPresent(
        o ->
            o.step(
                "offer",
                null,
                null,
                offer.chunks().size(),
                missing.size() + " of " + offer.chunks().size() + " chunks missing"));
    return new Missing(missing);
  }

  @PUT
  @Path("chunks/{digest}")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  public Response putChunk(
      @PathParam("digest") String digest,
      @HeaderParam(VERSION_HEADER) String version,
      byte[] bytes) {
    Optional<ProgressHub.Operation> op = progress(version);
    service.putChunk(digest, bytes);
    op.ifPresent(o -> o.chunk(bytes.length, digest));
    return Response.noContent().build();
  }

  /** Commits a partition whose chunks are all stored: 201 when new, 200 when it already was. */
  @POST
  @Path("partitions")
  @Consumes(MANIFEST_TYPE)
  public Response commit(
      @HeaderParam("Content-Length") long length,
      @HeaderParam(VERSION_HEADER) String version,
      byte[] manifest) {
    if (length > MAX_MANIFEST_BYTES || manifest.length > MAX_MANIFEST_BYTES) {
      throw new ApiException(
          413, "Payload Too Large", "manifests are at most " + MAX_MANIFEST_BYTES + " bytes");
    }
    Optional<ProgressHub.Operation> op = progress(version);
    BlobService.Stored stored = service.commit(manifest);
    op.ifPresent(
        o -> o.step("commit", stored.size(), stored.size(), null, "verified " + stored.digest()));
    return Response.status(stored.created() ? 201 : 200)
        .type(MediaType.APPLICATION_JSON)
        .entity(stored)
        .build();
  }
}
