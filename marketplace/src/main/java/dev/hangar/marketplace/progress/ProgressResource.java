package dev.hangar.marketplace.progress;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.ApplianceApi.VersionDto;
import dev.hangar.marketplace.appliance.VersionService;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code GET /api/v1/appliances/{id}/versions/{v}/progress}: the version's current import or
 * publish as server-sent events (JSON {@link ProgressEvent}s), for whoever may see the version
 * (drafts: their publisher). The stream replays the operation so far and ends with its terminal
 * event, or after {@link #IDLE} without events.
 */
@Path("/api/v1/appliances")
public class ProgressResource {
  static final Duration IDLE = Duration.ofMinutes(15);

  private final VersionService versions;
  private final ProgressHub hub;
  private final SecurityIdentity identity;

  public ProgressResource(VersionService versions, ProgressHub hub, SecurityIdentity identity) {
    this.versions = versions;
    this.hub = hub;
    this.identity = identity;
  }

  @GET
  @Path("{id}/versions/{version}/progress")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking
  public Multi<ProgressEvent> progress(
      @PathParam("id") UUID id, @PathParam("version") String version) {
    VersionDto v =
        versions
            .get(Caller.of(identity), id, version)
            .orElseThrow(() -> ApiException.notFound("version " + version + " of appliance " + id));
    return hub.watch(v.id()).ifNoItem().after(IDLE).recoverWithCompletion();
  }
}
