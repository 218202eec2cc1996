package dev.hangar.marketplace.search;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.ApplianceApi.ApplianceDto;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Browse and search the catalog: {@code GET /api/v1/search?q=web&category=db&sort=newest}; {@code
 * signed=true} and {@code trusted=true} keep appliances whose latest published version is signed,
 * or judged compliant by the site trust policy.
 */
@Path("/api/v1/search")
public class SearchResource {
  private final SearchCache service;
  private final SecurityIdentity identity;

  public SearchResource(SearchCache service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
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
  public Response search(
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
      @QueryParam("facets") @DefaultValue("true") boolean facets) {
    SearchQuery query =
        SearchQuery.parse(
            q, category, publisher, arch, hypervisor, signed, trusted, sort, cursor, limit);
    // Facets describe the whole result, so they come with its first page only.
    boolean withFacets = facets && query.cursor() == null;
    return Response.ok(service.search(Caller.of(identity), query, withFacets)).build();
  }
}
