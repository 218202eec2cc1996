package dev.hangar.marketplace.search;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.ApplianceApi.ApplianceDto;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Browse and search the catalog: {@code GET /api/v1/search?q=web&category=db&sort=newest}; {@code
 * signed=true} and {@code trusted=true} keep appliances whose latest published version is signed,
 * or judged compliant by the site trust policy.
 *
 * <p>Runs on the I/O thread: a page {@link SearchCache} holds is answered there, without a hop to a
 * worker thread (most browsing); only a page that has to be computed goes to a worker, since it
 * queries the database.
 */
@Path("/api/v1/search")
public class SearchResource {
  private final SearchCache pages;
  private final CurrentIdentityAssociation identities;
  private final ManagedExecutor workers;

  public SearchResource(
      SearchCache pages, CurrentIdentityAssociation identities, ManagedExecutor workers) {
    this.pages = pages;
    this.identities = identities;
    this.workers = workers;
  }

  /**
   * One page of results; pass {@code nextCursor} back as {@code cursor} for the next. {@code
   * facets} (counts per category, publisher, architecture, hypervisor, signed and trusted over the
   * whole result) are on the first page unless {@code facets=false}; pages after it have none.
   */
  public record SearchPage(
      List<ApplianceDto> items, String nextCursor, Map<String, Map<String, Long>> facets) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @APIResponse(
      responseCode = "200",
      description = "one page of results",
      content = @Content(schema = @Schema(implementation = SearchPage.class)))
  public Uni<Response> search(
      @QueryParam("q") String q,
      @QueryParam("category") String category,
      @QueryParam("publisher") String publisher,
      @QueryParam("arch") String arch,
      @QueryParam("hypervisor") String hypervisor,
      @QueryParam("signed") String signed,
      @QueryParam("trusted") String trusted,
      @QueryParam("sort") String sort,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") @DefaultValue("20") int limit,
      @QueryParam("facets") @DefaultValue("true") boolean facets,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    SearchQuery query =
        SearchQuery.parse(
            q, category, publisher, arch, hypervisor, signed, trusted, sort, cursor, limit);
    // Facets describe the whole result, so they come with its first page only.
    boolean withFacets = facets && query.cursor() == null;
    if (authorization == null) {
      // Without credentials a caller is anonymous (a bearer token is the only way to sign in), so
      // most browsing skips resolving an identity.
      return page(Caller.ANONYMOUS, query, withFacets);
    }
    // Resolved without blocking this thread: a token's hash is looked up on a worker.
    return identities
        .getDeferredIdentity()
        .chain(identity -> page(Caller.of(identity), query, withFacets));
  }

  private Uni<Response> page(Caller caller, SearchQuery query, boolean withFacets) {
    byte[] cached = pages.cached(caller, query, withFacets);
    if (cached != null) {
      return Uni.createFrom().item(json(cached));
    }
    return Uni.createFrom()
        .item(() -> json(pages.search(caller, query, withFacets)))
        .runSubscriptionOn(workers);
  }

  private static Response json(byte[] page) {
    return Response.ok(page, MediaType.APPLICATION_JSON_TYPE).build();
  }
}
