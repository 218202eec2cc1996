package dev.hangar.marketplace.samples;

import dev.hangar.builder.ApplianceBuilder;
import dev.hangar.builder.BuilderConfig;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.publish.PublishClient;
import dev.hangar.builder.publish.PublishException;
import dev.hangar.marketplace.account.AccountApi.IssuedToken;
import dev.hangar.marketplace.account.AccountService;
import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.publisher.PublisherService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Builds every sample under {@code hangar.samples.dir} and publishes it through this service's own
 * public REST API, in the background once the service listens; samples already published are left
 * alone, so a restart publishes nothing twice.
 */
@ApplicationScoped
public class SampleSeeder {
  private static final Logger LOG = Logger.getLogger(SampleSeeder.class);
  private static final int CONNECT_ATTEMPTS = 120;

  private final HangarConfig config;
  private final ManagedExecutor executor;
  private final PublisherService publishers;
  private final AccountService accounts;
  private final int port;

  public SampleSeeder(
      HangarConfig config,
      ManagedExecutor executor,
      PublisherService publishers,
      AccountService accounts,
      @ConfigProperty(name = "quarkus.http.port") int port) {
    this.config = config;
    this.publishers = publishers;
    this.accounts = accounts;
    this.executor = executor;
    this.port = port;
  }

  void onStart(@Observes StartupEvent event) {
    if (config.samples().publishOnStart()) {
      executor.execute(this::seedAll);
    }
  }

  private void seedAll() {
    List<Path> recipes = recipes();
    if (recipes.isEmpty()) {
      return;
    }
    // The seeder publishes like any publisher would, with a token that lives only for this run.
    String publisher = config.samples().publisher();
    publishers.ensure(publisher, "Hangar samples");
    IssuedToken token =
        accounts.ensureUserWithToken(
            publisher, Role.PUBLISHER, Optional.of(publisher), "sample-seeding");
    try {
      PublishClient client =
          new PublishClient(URI.create("http://127.0.0.1:" + port + "/api/v1"), token.token());
      recipes.forEach(recipe -> seed(client, recipe));
    } finally {
      accounts.revokeToken(Caller.system(), token.id());
    }
  }

  private void seed(PublishClient client, Path recipe) {
    String name = recipe.getParent().getFileName().toString();
    try {
      BuiltAppliance built = buildOrReuse(recipe, config.samples().buildDir().resolve(name));
      PublishClient.Published published = publishWhenListening(client, built);
      LOG.infof(
          "sample %s %s %s",
          name,
          published.version(),
          published.newlyPublished() ? "published" : "already published");
    } catch (RuntimeException e) {
      LOG.errorf("sample %s could not be built or published: %s", name, e.getMessage());
    }
  }

  private List<Path> recipes() {
    Path dir = config.samples().dir();
    try (Stream<Path> children = Files.list(dir)) {
      return children
          .map(c -> c.resolve("recipe.yaml"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      LOG.errorf("cannot list samples in %s: %s", dir.toAbsolutePath(), e.getMessage());
      return List.of();
    }
  }

  private static BuiltAppliance buildOrReuse(Path recipe, Path out) {
    if (Files.isRegularFile(out.resolve(BuiltAppliance.DESCRIPTOR_FILE))) {
      return BuiltAppliance.read(out);
    }
    LOG.infof("building sample %s", recipe.getParent().getFileName());
    return new ApplianceBuilder(BuilderConfig.defaults()).build(recipe, out);
  }

  private PublishClient.Published publishWhenListening(PublishClient client, BuiltAppliance built) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.publish(config.samples().publisher(), built);
      } catch (PublishException e) {
        // Status 0: the HTTP server is not listening yet, which is expected right after start.
        if (e.status() != 0 || attempt == CONNECT_ATTEMPTS) {
          throw e;
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishException("interrupted while waiting for the service to listen", e);
      }
    }
  }
}
