package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.PartitionSharing.SharedPartition;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.UUID;

/** Where a version's partitions are shared: the catalog's deduplication, per partition. */
@Path("/api/v1/appliances/{id}/versions/{version}/sharing")
public class SharingResource {
  private final PartitionSharing sharing;
  private final SecurityIdentity identity;

  public SharingResource(PartitionSharing sharing, SecurityIdentity identity) {
    this.sharing = sharing;
    this.identity = identity;
  }

  @GET
  public List<SharedPartition> get(@PathParam("id") UUID id, @PathParam("version") String version) {
    return sharing
        .of(Caller.of(identity), id, version)
        .orElseThrow(() -> ApiException.notFound("version " + version + " of appliance " + id));
  }
}
