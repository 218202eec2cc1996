package dev.hangar.marketplace.context;

import dev.hangar.context.NoCloudSeed;
import dev.hangar.context.SeedGenerator;
import dev.hangar.marketplace.deployment.DeploymentRecords;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The NoCloud seed documents of the VM behind a token, the same ones as on its seed ISO. */
@ApplicationScoped
public class NoCloudService {
  private final NoCloudTokens tokens;
  private final DeploymentRecords deployments;
  private final SeedGenerator seeds;

  public NoCloudService(NoCloudTokens tokens, DeploymentRecords deployments, SeedGenerator seeds) {
    this.tokens = tokens;
    this.deployments = deployments;
    this.seeds = seeds;
  }

  /** The seed of the token's VM; 404 for a malformed, unknown or revoked token. */
  public NoCloudSeed seed(String token) {
    UUID deployment =
        QuarkusTransaction.requiringNew()
            .call(() -> tokens.resolve(token).map(m -> m.deploymentId))
            .orElseThrow(() -> new ApiException(404, "Not Found", "no NoCloud-net endpoint here"));
    return seeds.generate(deployments.work(deployment).seedRequest());
  }
}
