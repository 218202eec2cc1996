package dev.hangar.builder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.hangar.builder.publish.PublishException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Parsing, global options and exit codes of the hangar command line. */
class CommandLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A port nothing listens on: connection refused. */
  private static final String DEAD_API = "http://127.0.0.1:9/api/v1";

  @Test
  void noCommandIsAUsageError() {
    Run run = Run.of();
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("name a command"), run.toString());
  }

  @Test
  void unknownCommandAndUnknownOptionAreUsageErrors() {
    assertEquals(ExitCodes.USAGE, Run.of("frobnicate").exitCode());
    assertEquals(ExitCodes.USAGE, Run.of("status", "--no-such-option").exitCode());
    assertEquals(ExitCodes.USAGE, Run.of("keys", "generate").exitCode(), "-o is required");
    assertEquals(
        ExitCodes.USAGE, Run.of("keys", "generate", "--type", "rsa", "-o", "k").exitCode());
  }

  @Test
  void helpAndVersionSucceed() {
    Run help = Run.of("--help");
    assertEquals(ExitCodes.OK, help.exitCode());
    assertTrue(help.out().contains("publish") && help.out().contains("Exit codes"), help.out());
    assertEquals(ExitCodes.OK, Run.of("--version").exitCode());
    assertEquals(ExitCodes.OK, Run.of("deploy", "--help").exitCode());
  }

  @Test
  void usageErrorsAreJsonOnStdoutWithJson() throws IOException {
    Run run = Run.of("--json", "deploy", "not a reference", "--token", "t");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    JsonNode error = JSON.readTree(run.out());
    assertEquals(ExitCodes.USAGE, error.path("exitCode").asInt());
    assertTrue(error.path("error").asText().contains("publisher/appliance"), run.out());
  }

  @Test
  void commandsThatChangeThingsNeedAToken() {
    Run run = Run.of("status");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("HANGAR_TOKEN"), run.toString());
  }

  @Test
  void globalOptionsWorkBeforeAndAfterTheCommandAndFromTheEnvironment() {
    // Connection refused means the token was accepted and the API URL used: exit 4, not 1.
    assertEquals(
        ExitCodes.UNAVAILABLE, Run.of("--api", DEAD_API, "--token", "t", "status").exitCode());
    assertEquals(
        ExitCodes.UNAVAILABLE, Run.of("status", "--api", DEAD_API, "--token", "t").exitCode());
    assertEquals(
        ExitCodes.UNAVAILABLE,
        Run.of(Map.of("HANGAR_API", DEAD_API, "HANGAR_TOKEN", "t"), "status").exitCode());
    assertEquals(
        ExitCodes.UNAVAILABLE,
        Run.of("keys", "list", "--publisher", "acme", "--api", DEAD_API).exitCode());
  }

  @Test
  void directoriesThatAreNotWhatTheCommandReadsAreUsageErrors() {
    String nowhere = "/nonexistent/" + UUID.randomUUID();
    assertEquals(ExitCodes.USAGE, Run.of("build", nowhere).exitCode());
    assertEquals(
        ExitCodes.USAGE, Run.of("--token", "t", "publish", nowhere, "--publisher", "a").exitCode());
    assertEquals(
        ExitCodes.USAGE, Run.of("sign", nowhere, "--key", nowhere, "--publisher", "a").exitCode());
    assertEquals(ExitCodes.USAGE, Run.of("verify", nowhere, "--policy", nowhere).exitCode());
  }

  @Test
  void badApiUrlIsAUsageError() {
    assertEquals(ExitCodes.USAGE, Run.of("--api", "ftp://x", "--token", "t", "status").exitCode());
  }

  @Test
  void theTokenIsNeverPrinted() {
    String secret = "hgr_secret-" + UUID.randomUUID();
    Run run =
        Run.of(
            Map.of("HANGAR_DEBUG", "1"),
            "--json",
            "--api",
            DEAD_API,
            "--token",
            secret,
            "deploy",
            "acme/hello@1.0.0",
            "--wait");
    assertEquals(ExitCodes.UNAVAILABLE, run.exitCode(), run.toString());
    assertFalse(run.out().contains(secret) || run.err().contains(secret), run.toString());
  }

  @Test
  void bareServerAddressGetsTheApiPath() {
    CliContext ctx = new CliContext(System.out, System.err, Map.of(), false);
    ctx.api("http://example.org:8080");
    assertEquals(URI.create("http://example.org:8080/api/v1"), ctx.apiRoot());
    ctx.api("http://example.org:8080/api/v1");
    assertEquals(URI.create("http://example.org:8080/api/v1"), ctx.apiRoot());
  }

  @Test
  void refusalsOfTheMarketplaceExitWithTwoAndServerErrorsWithFour() throws IOException {
    AtomicReference<Integer> status = new AtomicReference<>(404);
    AtomicReference<String> auth = new AtomicReference<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/deployments/",
        exchange -> {
          auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"deployment x does not exist\"}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
          exchange.sendResponseHeaders(status.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String api = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
      String id = UUID.randomUUID().toString();
      Run run = Run.of("--api", api, "--token", "tok", "status", id);
      assertEquals(ExitCodes.REFUSED, run.exitCode(), run.toString());
      assertTrue(run.err().contains("deployment x does not exist"), run.toString());
      assertEquals("Bearer tok", auth.get());
      status.set(503);
      assertEquals(
          ExitCodes.UNAVAILABLE, Run.of("--api", api, "--token", "tok", "status", id).exitCode());
      status.set(409);
      assertEquals(
          ExitCodes.REFUSED, Run.of("--api", api, "--token", "tok", "destroy", id).exitCode());
      assertEquals(
          ExitCodes.USAGE, Run.of("--api", api, "--token", "tok", "status", "nope").exitCode());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void exceptionsMapToDocumentedExitCodes() {
    assertEquals(ExitCodes.REFUSED, Hangar.exitCode(new PublishException("x", 409)));
    assertEquals(ExitCodes.UNAVAILABLE, Hangar.exitCode(new PublishException("x", 502)));
    assertEquals(
        ExitCodes.UNAVAILABLE,
        Hangar.exitCode(new PublishException("offer: cannot reach", new IOException("refused"))));
    assertEquals(
        ExitCodes.FAILED,
        Hangar.exitCode(new PublishException("cannot read root.img: gone", new IOException("x"))));
    assertEquals(ExitCodes.FAILED, Hangar.exitCode(new UncheckedIOException(new IOException())));
    assertEquals(ExitCodes.VERIFICATION_FAILED, Hangar.exitCode(new CliException(3, "bad")));
  }

  @Test
  void applianceReferencesParse() {
    assertEquals(
        new ApplianceRef("acme", "hello", "1.0.0"), ApplianceRef.parse("acme/hello@1.0.0"));
    assertEquals(new ApplianceRef("acme", "hello", null), ApplianceRef.parse("acme/hello"));
    CliException e = assertThrows(CliException.class, () -> ApplianceRef.parse("hello"));
    assertEquals(ExitCodes.USAGE, e.exitCode());
  }

  @Test
  void progressLinesShowBytesThroughputAndEta() {
    long[] now = {0};
    ProgressBar bar = new ProgressBar(System.err, false, "root.img", 4L << 20, () -> now[0]);
    now[0] = 1_000_000_000L;
    bar.advance(1L << 20);
    assertEquals("root.img  25% 1.0 MiB / 4.0 MiB, 1.0 MiB/s, ETA 3s", bar.line(1_000_000_000L));
    ProgressBar tty = new ProgressBar(System.err, true, "root.img", 100, () -> 0L);
    tty.advance(50);
    assertTrue(tty.line(2_000_000_000L).contains("[############............]"));
    assertEquals("3m05s", ProgressBar.duration(185));
  }
}
