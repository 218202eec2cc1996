package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hangar status [deployment-id]}: one deployment, or every deployment the caller sees. */
@Command(name = "status", description = "Show a deployment, or list your deployments.")
final class StatusCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(arity = "0..1", paramLabel = "DEPLOYMENT", description = "Deployment id")
  String id;

  StatusCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.requireToken();
    ApiClient api = ctx.client();
    if (id != null) {
      JsonNode d = api.get("deployments/" + deploymentId(id));
      ctx.emit(d, DeploymentWatch.summary(d));
      return ExitCodes.OK;
    }
    JsonNode all = api.get("deployments");
    StringBuilder human = new StringBuilder();
    for (JsonNode d : all) {
      human.append(DeploymentWatch.summary(d)).append('\n');
    }
    ctx.emit(all, all.isEmpty() ? "no deployments" : human.toString().stripTrailing());
    return ExitCodes.OK;
  }

  /** Checks a deployment id on the command line (a UUID). */
  static String deploymentId(String text) {
    try {
      return UUID.fromString(text.trim()).toString();
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, "a deployment id is a UUID, got '" + text + "'");
    }
  }
}
