package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;

/**
 * What every command shares: the output streams, the environment, whether stderr is a terminal, and
 * the global options ({@code --api}, {@code --token}, {@code --json}).
 */
final class CliContext {
  /** API root used when neither {@code --api} nor {@code HANGAR_API} is given. */
  static final String DEFAULT_API = "http://localhost:8080/api/v1";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;
  final boolean tty;

  private String api;
  private String token;
  private boolean json;

  CliContext(PrintStream out, PrintStream err, Map<String, String> env, boolean tty) {
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
    this.tty = tty;
  }

  void api(String value) {
    this.api = value;
  }

  void token(String value) {
    this.token = value;
  }

  void json(boolean value) {
    this.json = value;
  }

  boolean json() {
    return json;
  }

  /**
   * Returns the API root from {@code --api}, else {@code HANGAR_API}, else {@link #DEFAULT_API}; a
   * bare server address such as {@code http://host:8080} gets {@code /api/v1} appended.
   */
  URI apiRoot() {
    String value = api != null ? api : env.getOrDefault("HANGAR_API", DEFAULT_API);
    URI uri;
    try {
      uri = URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, "--api is not a URL: " + value);
    }
    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
      throw new CliException(ExitCodes.USAGE, "--api must be an http(s) URL, got " + value);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (path.isEmpty() || path.equals("/")) {
      uri = uri.resolve("/api/v1");
    }
    return uri;
  }

  /**
   * Returns the token from {@code --token} or {@code HANGAR_TOKEN}, or null for anonymous calls.
   */
  String tokenOrNull() {
    String value = token != null ? token : env.get("HANGAR_TOKEN");
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Returns the API token; fails with a usage error when there is none. */
  String requireToken() {
    String value = tokenOrNull();
    if (value == null) {
      throw new CliException(
          ExitCodes.USAGE, "this command needs an API token: pass --token or set HANGAR_TOKEN");
    }
    return value;
  }

  /** Returns a client of the REST API with the token, if any. */
  ApiClient client() {
    return new ApiClient(apiRoot(), tokenOrNull());
  }

  /** Returns an empty JSON object for a command's result. */
  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** Prints the result: the JSON document with {@code --json}, else {@code human} (if any). */
  void emit(JsonNode result, String human) {
    if (json) {
      out.println(write(result));
    } else if (human != null && !human.isEmpty()) {
      out.println(human);
    }
    out.flush();
  }

  /** Prints a diagnostic line on stderr (never on stdout, which may carry JSON). */
  void note(String line) {
    err.println(line);
    err.flush();
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }
}
