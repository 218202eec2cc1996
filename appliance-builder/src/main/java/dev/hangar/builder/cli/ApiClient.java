package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The few REST calls the CLI makes besides publishing, with errors turned into {@link
 * CliException}s: 4xx into {@link ExitCodes#REFUSED} with the problem detail, 5xx and connection
 * failures into {@link ExitCodes#UNAVAILABLE}. The token is sent, never printed.
 */
final class ApiClient {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI root;
  private final String token;
  private final HttpClient http;

  ApiClient(URI root, String token) {
    this.root = root.toString().endsWith("/") ? root : URI.create(root + "/");
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  URI root() {
    return root;
  }

  String token() {
    return token;
  }

  JsonNode get(String path) {
    return json(send(request(path).GET().build()));
  }

  JsonNode post(String path, JsonNode body) {
    return json(
        send(
            request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CliContext.write(body)))
                .build()));
  }

  /** POSTs a text body (e.g. a PEM key). */
  JsonNode postText(String path, String body) {
    return json(
        send(
            request(path)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build()));
  }

  /**
   * POSTs the file {@code body} as {@code application/octet-stream} with its length, counting the
   * bytes into {@code bar} as they are read for sending.
   */
  JsonNode postFile(String path, Path body, ProgressBar bar) throws IOException {
    long size = Files.size(body);
    HttpRequest.BodyPublisher publisher =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(
                () -> {
                  try {
                    return new CountingInputStream(Files.newInputStream(body), bar);
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }),
            size);
    return json(
        send(
            request(path)
                .timeout(Duration.ofHours(6))
                .header("Content-Type", "application/octet-stream")
                .POST(publisher)
                .build()));
  }

  /** Counts bytes read into a progress bar. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    private final ProgressBar bar;

    CountingInputStream(InputStream in, ProgressBar bar) {
      super(in);
      this.bar = bar;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        bar.advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = in.read(buffer, off, len);
      if (n > 0) {
        bar.advance(n);
      }
      return n;
    }
  }

  JsonNode delete(String path) {
    return json(send(request(path).DELETE().build()));
  }

  /** GETs raw bytes, e.g. a canonical manifest. */
  byte[] bytes(String path) {
    return send(request(path).header("Accept", "*/*").GET().build());
  }

  /**
   * A streamed download.
   *
   * @param body the bytes (the caller closes it)
   * @param partial whether the server sent only the bytes from the offset asked for (HTTP 206);
   *     otherwise the body is the whole file
   */
  record Download(InputStream body, boolean partial) {}

  /** Opens a streamed GET of {@code path}; the caller closes the stream. */
  InputStream open(String path) {
    return open(path, 0).body();
  }

  /**
   * Opens a streamed GET of {@code path} from byte {@code from} on, asking with a {@code Range}
   * header when {@code from > 0}; servers that ignore it send the whole file ({@link
   * Download#partial()} false).
   */
  Download open(String path, long from) {
    HttpRequest.Builder b = request(path).header("Accept", "application/octet-stream");
    if (from > 0) {
      b.header("Range", "bytes=" + from + "-");
    }
    HttpRequest request = b.GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable(request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted", e);
    }
    boolean partial =
        from > 0
            && response.statusCode() == 206
            && response
                .headers()
                .firstValue("Content-Range")
                .orElse("")
                .startsWith("bytes " + from + "-");
    if (response.statusCode() != 200 && !partial) {
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(64 * 1024);
      } catch (IOException e) {
        body = new byte[0];
      }
      throw failure(request, response.statusCode(), body);
    }
    return new Download(response.body(), partial);
  }

  /**
   * Returns the id of the appliance {@code publisher/name} as the caller sees it; fails with {@link
   * ExitCodes#REFUSED} if there is none.
   */
  UUID applianceId(String publisher, String name) {
    for (JsonNode a : get("appliances")) {
      if (publisher.equals(a.path("publisher").asText()) && name.equals(a.path("name").asText())) {
        return UUID.fromString(a.path("id").asText());
      }
    }
    throw new CliException(
        ExitCodes.REFUSED, "no appliance " + publisher + "/" + name + " is visible to you");
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(root.resolve(path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private byte[] send(HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unreachable(request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted", e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw failure(request, status, response.body());
    }
    return response.body();
  }

  private static CliException unreachable(HttpRequest request, IOException e) {
    return new CliException(
        ExitCodes.UNAVAILABLE,
        "cannot reach "
            + request.uri()
            + ": "
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
        e);
  }

  private static CliException failure(HttpRequest request, int status, byte[] body) {
    return new CliException(
        ExitCodes.forHttpStatus(status),
        request.method()
            + " "
            + request.uri().getPath()
            + ": HTTP "
            + status
            + (body.length == 0 ? "" : ": " + detail(body)));
  }

  /** Returns the problem+json detail of an error body, else the body as text. */
  static String detail(byte[] body) {
    try {
      JsonNode problem = JSON.readTree(body);
      if (problem != null && problem.hasNonNull("detail")) {
        return problem.get("detail").asText();
      }
      if (problem != null && problem.hasNonNull("title")) {
        return problem.get("title").asText();
      }
    } catch (IOException e) {
      // not JSON: show it as text below
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }

  private static JsonNode json(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new CliException(ExitCodes.UNAVAILABLE, "the marketplace answered with invalid JSON");
    }
  }
}
