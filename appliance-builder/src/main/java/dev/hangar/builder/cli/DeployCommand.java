package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar deploy <publisher/appliance[@version]> [--param k=v ...] [--ssh-key FILE ...]
 * [--user-data FILE] [--wait]}: starts a deployment and, with {@code --wait}, follows it until
 * READY (exit 0) or FAILED (exit 5).
 */
@Command(
    name = "deploy",
    description = "Deploy an appliance; --wait follows it to READY or FAILED.")
final class DeployCommand implements Callable<Integer> {
  private static final int CONSOLE_LINES = 30;

  private final CliContext ctx;

  @Parameters(paramLabel = "APPLIANCE", description = "publisher/appliance[@version]")
  String appliance;

  @Option(
      names = "--param",
      paramLabel = "KEY=VALUE",
      description = "Context parameter (repeatable)")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(
      names = "--ssh-key",
      paramLabel = "FILE",
      description =
          "OpenSSH public key file (e.g. ~/.ssh/id_ed25519.pub) whose keys the VM's default user"
              + " accepts (repeatable)")
  List<Path> sshKeyFiles = new ArrayList<>();

  @Option(
      names = "--user-data",
      paramLabel = "FILE",
      description =
          "Your own #cloud-config document or #! script, applied after the appliance's components"
              + " (the service checks it)")
  Path userDataFile;

  @Option(names = "--hostname", paramLabel = "NAME", description = "The VM's host name")
  String hostname;

  @Option(names = "--wait", description = "Follow the deployment until READY or FAILED")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "How long --wait waits (default ${DEFAULT-VALUE} s)")
  long timeoutSeconds;

  DeployCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.requireToken();
    ApplianceRef ref = ApplianceRef.parse(appliance);
    ApiClient api = ctx.client();
    UUID id = api.applianceId(ref.publisher(), ref.name());
    ObjectNode body = CliContext.object().put("applianceId", id.toString());
    if (ref.version() != null) {
      body.put("version", ref.version());
    }
    if (hostname != null) {
      body.put("hostname", hostname);
    }
    if (!parameters.isEmpty()) {
      ObjectNode p = body.putObject("parameters");
      parameters.forEach(p::put);
    }
    if (!sshKeyFiles.isEmpty()) {
      ArrayNode keys = body.putArray("sshAuthorizedKeys");
      sshKeys().forEach(keys::add);
    }
    if (userDataFile != null) {
      try {
        body.put("userData", Files.readString(userDataFile));
      } catch (IOException e) {
        throw new CliException(
            ExitCodes.USAGE, "cannot read --user-data " + userDataFile + ": " + e);
      }
    }
    JsonNode created = api.post("deployments", body);
    String deployment = created.path("id").asText();
    ctx.note("deployment " + deployment + " of " + ref + " accepted");
    if (!await) {
      ctx.emit(created, deployment);
      return ExitCodes.OK;
    }
    JsonNode last =
        DeploymentWatch.await(
            ctx, api, deployment, Set.of("READY", "FAILED"), Duration.ofSeconds(timeoutSeconds));
    ctx.emit(last, DeploymentWatch.summary(last));
    if ("FAILED".equals(last.path("state").asText())) {
      consoleTail(api, deployment);
      throw new CliException(
          ExitCodes.FAILED,
          "deployment " + deployment + " failed: " + last.path("message").asText());
    }
    return ExitCodes.OK;
  }

  /** The non-blank, non-comment lines of every --ssh-key file; the service checks each one. */
  private List<String> sshKeys() {
    List<String> keys = new ArrayList<>();
    for (Path file : sshKeyFiles) {
      try {
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank() && !line.startsWith("#")) {
            keys.add(line.strip());
          }
        }
      } catch (IOException e) {
        throw new CliException(ExitCodes.USAGE, "cannot read --ssh-key " + file + ": " + e);
      }
    }
    return keys;
  }

  /** Shows the end of the guest's serial console on stderr, if the marketplace has it. */
  private void consoleTail(ApiClient api, String deployment) {
    try {
      String tail =
          new String(
              api.bytes("deployments/" + deployment + "/console?lines=" + CONSOLE_LINES),
              java.nio.charset.StandardCharsets.UTF_8);
      if (!tail.isBlank()) {
        ctx.note("console of " + deployment + " (last " + CONSOLE_LINES + " lines):\n" + tail);
      }
    } catch (CliException e) {
      ctx.note("no console tail: " + e.getMessage());
    }
  }
}
