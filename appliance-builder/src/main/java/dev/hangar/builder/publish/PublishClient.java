package dev.hangar.builder.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.builder.ApplianceDescriptor;
import dev.hangar.builder.ApplianceDescriptor.FileRef;
import dev.hangar.builder.ApplianceDescriptor.PartitionImage;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.PartitionKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Publishes a {@link BuiltAppliance} to a marketplace: registers the publisher and appliance when
 * new, creates the version as a draft, uploads every file under its digest, then publishes.
 *
 * <p>Idempotent: a version already published is left as it is, a draft left by an interrupted run
 * is completed, and files the store already holds are not stored twice.
 */
public final class PublishClient {
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final URI api;
  private final String token;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * Talks to the marketplace whose API root is {@code api}, e.g. {@code
   * http://localhost:8080/api/v1}, with the API token of a user of the publisher.
   */
  public PublishClient(URI api, String token) {
    this.api = api.toString().endsWith("/") ? api : URI.create(api + "/");
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** What was published. */
  public record Published(UUID applianceId, String version, boolean newlyPublished) {}

  /**
   * Publishes {@code built} under {@code publisher}, which must exist and be the token user's.
   *
   * @throws PublishException naming the step and the marketplace's problem detail
   */
  public Published publish(String publisher, BuiltAppliance built) {
    ApplianceDescriptor d = built.descriptor();
    UUID applianceId = ensureAppliance(publisher, d);
    String versionPath = "appliances/" + applianceId + "/versions/" + d.version();
    JsonNode existing = send("read version " + d.version(), get(versionPath), 200, 404);
    if (existing != null && "PUBLISHED".equals(existing.path("status").asText())) {
      return new Published(applianceId, d.version(), false);
    }
    if (existing == null) {
      send(
          "create version " + d.version(),
          post("appliances/" + applianceId + "/versions", versionBody(d)),
          201);
    }
    upload(built.kernelFile(), d.kernel());
    upload(built.initrdFile(), d.initrd());
    for (PartitionImage p : d.partitions()) {
      if (p.kind() != PartitionKind.EMPTY) {
        upload(built.outDir().resolve(p.file()), new FileRef(p.file(), p.sha256(), p.sizeBytes()));
      }
    }
    send(
        "publish version " + d.version(),
        post(versionPath + "/publish", json.createObjectNode()),
        200);
    return new Published(applianceId, d.version(), true);
  }

  private UUID ensureAppliance(String publisher, ApplianceDescriptor d) {
    JsonNode all = send("list appliances", get("appliances"), 200);
    for (JsonNode a : all) {
      if (publisher.equals(a.path("publisher").asText())
          && d.name().equals(a.path("name").asText())) {
        return UUID.fromString(a.path("id").asText());
      }
    }
    ObjectNode body =
        json.createObjectNode()
            .put("publisher", publisher)
            .put("name", d.name())
            .put("summary", d.summary())
            .put("description", d.description());
    return UUID.fromString(
        send("create appliance " + d.name(), post("appliances", body), 201).path("id").asText());
  }

  private ObjectNode versionBody(ApplianceDescriptor d) {
    ObjectNode body = json.createObjectNode().put("version", d.version()).put("channel", "stable");
    ObjectNode boot = body.putObject("boot").put("cmdline", d.cmdline());
    boot.set("kernel", fileRef(d.kernel()));
    boot.set("initrd", fileRef(d.initrd()));
    body.putObject("requirements")
        .put("arch", d.requirements().arch())
        .put("vcpus", d.requirements().vcpus())
        .put("memoryMiB", d.requirements().memoryMiB());
    ArrayNode partitions = body.putArray("partitions");
    for (PartitionImage p : d.partitions()) {
      ObjectNode node =
          partitions
              .addObject()
              .put("label", p.label())
              .put("role", p.role())
              .put("kind", p.kind().name())
              .put("filesystem", p.filesystem().name().toLowerCase(Locale.ROOT))
              .put("sizeBytes", p.sizeBytes());
      if (p.sha256() != null) {
        node.put("digest", "sha256:" + p.sha256());
      }
    }
    return body;
  }

  private ObjectNode fileRef(FileRef ref) {
    return json.createObjectNode().put("digest", "sha256:" + ref.sha256()).put("size", ref.size());
  }

  private void upload(Path file, FileRef ref) {
    HttpRequest request;
    try {
      BodyPublisher body = HttpRequest.BodyPublishers.ofFile(file);
      request =
          request("blobs/sha256:" + ref.sha256())
              .header("Content-Type", "application/octet-stream")
              .PUT(body)
              .build();
    } catch (IOException e) {
      throw new PublishException("cannot read " + file + ": " + e.getMessage(), e);
    }
    send("upload " + ref.file(), request, 200, 201);
  }

  private HttpRequest get(String path) {
    return request(path).GET().build();
  }

  private HttpRequest post(String path, JsonNode body) {
    try {
      return request(path)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
          .build();
    } catch (IOException e) {
      throw new PublishException("cannot encode request to " + path, e);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(api.resolve(path))
        .timeout(TIMEOUT)
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + token);
  }

  /**
   * Sends {@code request}; returns the JSON body for the first expected status, null for a 404 that
   * was expected, and throws for anything else.
   */
  private JsonNode send(String step, HttpRequest request, int... expected) {
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
