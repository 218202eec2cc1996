package dev.hangar.builder.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP side of {@link PublishClient}: authorized JSON requests to the marketplace's REST API,
 * answers checked against the statuses a step expects, failures turned into {@link
 * PublishException} carrying the server's problem detail.
 */
final class MarketplaceCalls {
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final URI api;
  private final String token;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  MarketplaceCalls(URI api, String token) {
    this.api = api.toString().endsWith("/") ? api : URI.create(api + "/");
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  ObjectNode object() {
    return json.createObjectNode();
  }

  ObjectMapper json() {
    return json;
  }

  HttpRequest get(String path) {
    return request(path).GET().build();
  }

  HttpRequest post(String path, JsonNode body) {
    try {
      return postBytes(path, json.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new PublishException("cannot encode request to " + path, e);
    }
  }

  /**
   * A POST of a JSON document already encoded, such as a DSSE envelope as the publisher made it.
   */
  HttpRequest postBytes(String path, byte[] body) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(api.resolve(path))
        .timeout(TIMEOUT)
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + token);
  }

  /**
   * Sends {@code request}; returns the JSON body for the first expected status, null for a 404 that
   * was expected, and throws for anything else.
   */
  JsonNode send(String step, HttpRequest request, int... expected) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new PublishException(
          step + ": cannot reach " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException(step + ": interrupted", e);
    }
    for (int status : expected) {
      if (response.statusCode() == status) {
        if (status == 404) {
          return null;
        }
        return readJson(step, response.body());
      }
    }
    throw new PublishException(
        step + " failed: HTTP " + response.statusCode() + ": " + detail(response.body()),
        response.statusCode());
  }

  private JsonNode readJson(String step, byte[] body) {
    try {
      return body.length == 0 ? json.createObjectNode() : json.readTree(body);
    } catch (IOException e) {
      throw new PublishException(step + ": the marketplace answered with invalid JSON", e);
    }
  }

  private String detail(byte[] body) {
    try {
      JsonNode problem = json.readTree(body);
      return problem.has("detail")
          ? problem.get("detail").asText()
          : new String(body, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
