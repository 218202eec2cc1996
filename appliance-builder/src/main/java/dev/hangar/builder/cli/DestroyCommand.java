package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hangar destroy <deployment-id> [--wait]}: destroys the VM and its volumes. */
@Command(name = "destroy", description = "Destroy a deployment; --wait until it is DESTROYED.")
final class DestroyCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "DEPLOYMENT", description = "Deployment id")
  String id;

  @Option(names = "--wait", description = "Wait until the deployment is DESTROYED")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "How long --wait waits (default ${DEFAULT-VALUE} s)")
  long timeoutSeconds;

  DestroyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.requireToken();
    ApiClient api = ctx.client();
    String deployment = StatusCommand.deploymentId(id);
    JsonNode d = api.delete("deployments/" + deployment);
    if (await) {
      d =
          DeploymentWatch.await(
              ctx, api, deployment, Set.of("DESTROYED"), Duration.ofSeconds(timeoutSeconds));
    }
    ctx.emit(d, DeploymentWatch.summary(d));
    return ExitCodes.OK;
  }
}
