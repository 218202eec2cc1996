package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/** Polls a deployment until it reaches one of the wanted states, narrating state changes. */
final class DeploymentWatch {
  private static final long POLL_MILLIS = 1000;

  private DeploymentWatch() {}

  /**
   * Returns the deployment once its state is in {@code until}; fails with {@link ExitCodes#TIMEOUT}
   * after {@code timeout}.
   */
  static JsonNode await(
      CliContext ctx, ApiClient api, String id, Set<String> until, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (true) {
      JsonNode d = api.get("deployments/" + id);
      String state = d.path("state").asText();
      if (!state.equals(last)) {
        String message = d.path("message").asText("");
        ctx.note(id + ": " + state + (message.isBlank() ? "" : " (" + message + ")"));
        last = state;
      }
      if (until.contains(state)) {
        return d;
      }
      if (System.nanoTime() > deadline) {
        throw new CliException(
            ExitCodes.TIMEOUT,
            "deployment " + id + " is still " + state + " after " + timeout.toSeconds() + "s");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCodes.FAILED, "interrupted", e);
      }
    }
  }

  /** A one-line summary of a deployment for people. */
  static String summary(JsonNode d) {
    StringBuilder b =
        new StringBuilder()
            .append(d.path("id").asText())
            .append("  ")
            .append(d.path("state").asText())
            .append("  ")
            .append(d.path("appliance").asText())
            .append('@')
            .append(d.path("version").asText());
    if (d.hasNonNull("node")) {
      b.append("  node ").append(d.path("node").asText());
    }
    if (d.path("addresses").isArray() && !d.path("addresses").isEmpty()) {
      b.append("  ").append(d.path("addresses").toString());
    }
    if (d.hasNonNull("message") && !d.path("message").asText().isBlank()) {
      b.append("\n    ").append(d.path("message").asText());
    }
    return b.toString();
  }
}
