package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.trust.TrustApi.PolicyDto;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The site trust policy, readable by anyone. */
@Path("/api/v1/trust")
public class PolicyResource {
  private final TrustService trust;

  public PolicyResource(TrustService trust) {
    this.trust = trust;
  }

  @GET
  @Path("policy")
  public PolicyDto policy() {
    return trust.policy();
  }
}
