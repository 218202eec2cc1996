package dev.hangar.builder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hangar.context.NoCloudSeed;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The NoCloud-net and context broker endpoints of COMMON's contract for one VM, served on 127.0.0.1
 * (the guest reaches it as 10.0.2.2 through QEMU user networking): {@code GET
 * meta-data|user-data|network-config|vendor-data}, {@code POST provide}, {@code GET context} (503
 * with Retry-After for the first {@code unreadyPolls} polls), {@code POST ready|failed}. Requests
 * under another token answer 404.
 */
final class TestBroker implements AutoCloseable {
  private final HttpServer server;
  private final String token;
  private final NoCloudSeed seed;
  private final String context;
  private final int unreadyPolls;
  private final AtomicInteger contextPolls = new AtomicInteger();

  /** Every request seen, as "METHOD endpoint body". */
  final List<String> requests = new CopyOnWriteArrayList<>();

  TestBroker(String token, NoCloudSeed seed, Map<String, String> context, int unreadyPolls)
      throws IOException {
    this.token = token;
    this.seed = seed;
    StringBuilder text = new StringBuilder();
    new java.util.TreeMap<>(context)
        .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    this.context = text.toString();
    this.unreadyPolls = unreadyPolls;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/nocloud/", this::handle);
    server.start();
  }

  /** The base URL as the guest sees it (10.0.2.2 is the host's loopback under slirp). */
  String guestBaseUrl() {
    return "http://10.0.2.2:" + server.getAddress().getPort() + "/api/v1/nocloud/" + token + "/";
  }

  /** The requests made to {@code endpoint}, as "METHOD endpoint body". */
  List<String> requestsTo(String endpoint) {
    return requests.stream().filter(r -> r.split(" ", 3)[1].equals(endpoint)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] path = exchange.getRequestURI().getPath().split("/");
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (path.length != 6 || !path[4].equals(token)) {
        send(exchange, 404, "");
        return;
      }
      String endpoint = path[5];
      String method = exchange.getRequestMethod();
      requests.add(method + " " + endpoint + " " + body);
      switch (method + " " + endpoint) {
        case "GET meta-data" -> send(exchange, 200, seed.metaData());
        case "GET user-data" -> send(exchange, 200, seed.userData());
        case "GET network-config" -> {
          if (seed.networkConfig().isPresent()) {
            send(exchange, 200, seed.networkConfig().get());
          } else {
            send(exchange, 404, "");
          }
        }
        case "GET vendor-data" -> send(exchange, 200, "");
        case "POST provide", "POST ready", "POST failed" -> send(exchange, 204, null);
        case "GET context" -> {
          if (contextPolls.incrementAndGet() <= unreadyPolls) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            send(exchange, 503, "waiting for required roles\n");
          } else {
            send(exchange, 200, context);
          }
        }
        default -> send(exchange, 405, "");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
