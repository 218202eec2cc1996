package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.cli.ExitCodes;
import dev.hangar.builder.cli.Hangar;
import dev.hangar.builder.publish.PublishClient;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.Provenance;
import dev.hangar.store.trust.Statement;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code hangar} CLI end to end, in-process against the running service (PostgreSQL, S3Proxy,
 * the local libvirtd): generate and register a key, build {@code samples/hello}, import its root
 * image into a draft, sign, publish, publish again with nothing to send, pull the signed bundle and
 * verify it offline (and see it fail with exit 3 for an untrusted key and for a flipped byte), then
 * deploy to READY and destroy.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class CliEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/api/v1")
  URI api;

  @TempDir Path work;

  private String consumer;
  private String deployment;

  /** A failed assertion must not leave a VM running. */
  @AfterEach
  void destroyLeftovers() {
    if (deployment != null) {
      hangar(consumer, "destroy", deployment, "--wait");
    }
  }

  /** One run of the CLI: exit code, stdout (JSON with --json), stderr. */
  record Result(int code, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("stdout is not JSON: " + this, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Result hangar(String token, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 1];
    all[0] = "--json";
    System.arraycopy(args, 0, all, 1, args.length);
    Map<String, String> env =
        token == null
            ? Map.of("HANGAR_API", api.toString())
            : Map.of("HANGAR_API", api.toString(), "HANGAR_TOKEN", token);
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Hangar.run(all, o, e, env, false);
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Result ok(String token, String... args) {
    Result r = hangar(token, args);
    assertEquals(ExitCodes.OK, r.code(), "hangar " + String.join(" ", args) + ": " + r);
    return r;
  }

  /**
   * The version lists the signed build provenance: about its manifest, signed by {@code keyId},
   * naming the digest of the recipe that was built.
   */
  private void assertProvenanceAttested(String applianceId, String keyId) throws Exception {
    JsonNode list =
        JSON.readTree(
            as(consumer)
                .get("/api/v1/appliances/" + applianceId + "/versions/1.0.0/attestations")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertEquals(1, list.size(), list.toString());
    JsonNode a = list.get(0);
    assertEquals(Provenance.PREDICATE_TYPE, a.path("predicateType").asText());
    assertEquals(keyId, a.path("keyIds").get(0).asText(), a.toString());
    Statement statement =
        Statement.parse(Envelope.parse(JSON.writeValueAsBytes(a.path("envelope"))).payload());
    Provenance provenance = Provenance.fromJson(statement.predicate());
    Digest recipe = Digest.of(Files.readAllBytes(Path.of("..", "samples", "hello", "recipe.yaml")));
    assertEquals(recipe, provenance.recipe());
    JsonNode signatures =
        JSON.readTree(
            as(consumer)
                .get("/api/v1/appliances/" + applianceId + "/versions/1.0.0/signatures")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertTrue(
        statement.covers(Digest.parse(signatures.get(0).path("manifestDigest").asText())),
        "the provenance is about the signed manifest: " + a.path("subjectDigests"));
  }

  @Test
  void buildSignPublishPullVerifyDeployAndDestroyThroughTheCli() throws Exception {
    String publisher = TestApi.unique("cli");
    String publisherToken = TestApi.publisherToken(publisher);
    consumer = TestApi.userToken("consumer", null);
    Path key = work.resolve("acme.key");
    Path pub = work.resolve("acme.key.pub");
    String keyId = ok(null, "keys", "generate", "-o", key.toString()).json().path("keyId").asText();
    ok(publisherToken, "keys", "register", pub.toString(), "--publisher", publisher);

    Path built = work.resolve("hello");
    JsonNode build =
        ok(null, "build", Path.of("..", "samples", "hello").toString(), "-o", built.toString())
            .json();
    String rootDigest = build.path("partitions").get(0).path("digest").asText();
    assertTrue(rootDigest.startsWith("sha256:"), build.toString());
    ok(null, "sign", built.toString(), "--key", key.toString(), "--publisher", publisher);

    // Import: the built root image as a whole raw disk into a draft made through the API.
    String imported =
        as(publisherToken)
            .contentType(ContentType.JSON)
            .body(Map.of("publisher", publisher, "name", "imported", "summary", "an image"))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Map<String, Object> draft =
        new HashMap<>(
            TestApi.versionBody("1.0.0", TestApi.bytes("k"), TestApi.bytes("i"), new byte[1]));
    draft.put("partitions", List.of());
    as(publisherToken)
        .contentType(ContentType.JSON)
        .body(draft)
        .post("/api/v1/appliances/" + imported + "/versions")
        .then()
        .statusCode(201);
    String image = built.resolve("root.img").toString();
    Result lying =
        hangar(
            publisherToken,
            "import",
            image,
            "--appliance",
            publisher + "/imported@1.0.0",
            "--format",
            "qcow2");
    assertEquals(ExitCodes.REFUSED, lying.code(), lying.toString());
    JsonNode version =
        ok(
                publisherToken,
                "import",
                image,
                "--appliance",
                publisher + "/imported@1.0.0",
                "--format",
                "raw")
            .json();
    assertEquals(
        rootDigest, version.path("partitions").get(0).path("digest").asText(), version.toString());

    // An upload cut off after five chunks leaves a draft; publishing again resumes it.
    PublishClient cut =
        new PublishClient(api, publisherToken)
            .withProgress(
                (file, sent, missing, bytes) -> {
                  if (sent == 5) {
                    throw new IllegalStateException("connection cut");
                  }
                });
    assertThrows(
        IllegalStateException.class, () -> cut.publish(publisher, BuiltAppliance.read(built)));

    JsonNode first =
        ok(publisherToken, "publish", built.toString(), "--publisher", publisher).json();
    assertTrue(first.path("newlyPublished").asBoolean(), first.toString());
    assertEquals(1, first.path("signatures").asInt());
    assertEquals(1, first.path("attestations").asInt(), first.toString());
    assertEquals(3, first.path("upload").path("files").asInt());
    long offered = first.path("upload").path("chunksOffered").asLong();
    long sentAfterCut = first.path("upload").path("chunksSent").asLong();
    assertTrue(
        sentAfterCut > 0 && sentAfterCut <= offered - 5,
        "the five chunks sent before the cut do not travel again: " + first);

    JsonNode again =
        ok(publisherToken, "publish", built.toString(), "--publisher", publisher).json();
    assertFalse(again.path("newlyPublished").asBoolean(), again.toString());
    assertEquals(0, again.path("upload").path("chunksSent").asLong());
    assertEquals(0, again.path("signatures").asInt(), "a stored signature is not sent twice");
    assertEquals(0, again.path("attestations").asInt(), "a stored attestation is not sent twice");
    // A new version of the same files offers every chunk and sends none: only missing chunks
    // travel.
    JsonNode next =
        ok(
                publisherToken,
                "publish",
                built.toString(),
                "--publisher",
                publisher,
                "--version",
                "1.0.1")
            .json();
    assertTrue(next.path("newlyPublished").asBoolean(), next.toString());
    assertEquals(
        first.path("upload").path("chunksOffered").asLong(),
        next.path("upload").path("chunksOffered").asLong());
    assertEquals(0, next.path("upload").path("chunksSent").asLong(), next.toString());
    assertEquals(0, next.path("signatures").asInt(), "the 1.0.0 signature is not sent for 1.0.1");
    assertEquals(0, next.path("attestations").asInt(), "the 1.0.0 provenance is about 1.0.0 only");

    // The marketplace accepted the locally made manifest and counts the registered key.
    String id = first.path("applianceId").asText();
    assertProvenanceAttested(id, keyId);
    JsonNode verdict =
        JSON.readTree(
            as(consumer)
                .get("/api/v1/appliances/" + id + "/versions/1.0.0/trust")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertTrue(verdict.path("compliant").asBoolean(), verdict.toString());

    Path bundle = work.resolve("bundle");
    JsonNode pulled =
        ok(consumer, "pull", publisher + "/hello@1.0.0", "-o", bundle.toString()).json();
    assertEquals(3, pulled.path("files").asInt(), pulled.toString());
    assertEquals(1, pulled.path("signatures").asInt(), pulled.toString());
    Path policy = work.resolve("policy.yaml");
    Files.writeString(
        policy,
        "enforcement: STRICT\nrules:\n  - appliances: \""
            + publisher
            + "/*\"\n    signers:\n      keys: [\""
            + keyId
            + "\"]\n");
    JsonNode verified =
        ok(
                null,
                "verify",
                bundle.toString(),
                "--policy",
                policy.toString(),
                "--key",
                pub.toString())
            .json();
    assertTrue(verified.path("verified").asBoolean(), verified.toString());

    Path other = work.resolve("other.key");
    ok(null, "keys", "generate", "-o", other.toString());
    Result untrusted =
        hangar(
            null,
            "verify",
            bundle.toString(),
            "--policy",
            policy.toString(),
            "--key",
            other + ".pub");
    assertEquals(ExitCodes.VERIFICATION_FAILED, untrusted.code(), untrusted.toString());

    Path root = bundle.resolve("blobs").resolve(rootDigest.replace(':', '-'));
    byte[] bytes = Files.readAllBytes(root);
    bytes[bytes.length / 3] ^= 0x40;
    Files.write(root, bytes);
    Result tampered =
        hangar(
            null,
            "verify",
            bundle.toString(),
            "--policy",
            policy.toString(),
            "--key",
            pub.toString());
    assertEquals(ExitCodes.VERIFICATION_FAILED, tampered.code(), tampered.toString());
    assertTrue(
        tampered.json().path("problems").toString().contains(rootDigest.substring(7)),
        tampered.toString());
    // Pulling again replaces only what is wrong.
    JsonNode repaired =
        ok(consumer, "pull", publisher + "/hello@1.0.0", "-o", bundle.toString()).json();
    assertEquals(Files.size(root), repaired.path("bytesTransferred").asLong(), repaired.toString());
    ok(null, "verify", bundle.toString(), "--policy", policy.toString(), "--key", pub.toString());
    // A pull interrupted mid-file continues with a Range request for the rest.
    byte[] whole = Files.readAllBytes(root);
    int half = whole.length / 2;
    Files.write(
        root.resolveSibling(root.getFileName() + ".part"), java.util.Arrays.copyOf(whole, half));
    Files.delete(root);
    JsonNode resumed =
        ok(consumer, "pull", publisher + "/hello@1.0.0", "-o", bundle.toString()).json();
    assertEquals(
        whole.length - half, resumed.path("bytesTransferred").asLong(), resumed.toString());
    ok(null, "verify", bundle.toString(), "--policy", policy.toString(), "--key", pub.toString());

    Path unsupported =
        Files.writeString(work.resolve("bad-user-data"), "#cloud-config\npackages: [x]\n");
    assertEquals(
        ExitCodes.REFUSED,
        hangar(
                consumer,
                "deploy",
                publisher + "/hello@1.0.0",
                "--user-data",
                unsupported.toString())
            .code());
    assertEquals(
        ExitCodes.USAGE,
        hangar(consumer, "deploy", publisher + "/hello@1.0.0", "--user-data", "/no/such/file")
            .code());
    Path script =
        Files.writeString(
            work.resolve("user-data.sh"), "#!/bin/sh\necho HANGAR-CHECK script from the CLI\n");
    JsonNode ready =
        ok(
                consumer,
                "deploy",
                publisher + "/hello@1.0.0",
                "--wait",
                "--param",
                "greeting=hi",
                "--user-data",
                script.toString())
            .json();
    deployment = ready.path("id").asText();
    assertEquals("READY", ready.path("state").asText(), ready.toString());
    String console =
        dev.hangar.marketplace.TestApi.as(consumer)
            .get("/api/v1/deployments/" + deployment + "/console?lines=100")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertTrue(console.contains("HANGAR-CHECK script from the CLI"), console);
    assertEquals("READY", ok(consumer, "status", deployment).json().path("state").asText());
    JsonNode list = ok(consumer, "status").json();
    assertTrue(list.toString().contains(deployment), list.toString());
    JsonNode destroyed = ok(consumer, "destroy", deployment, "--wait").json();
    assertEquals("DESTROYED", destroyed.path("state").asText(), destroyed.toString());
    deployment = null;
    assertEquals(ExitCodes.REFUSED, hangar(consumer, "deploy", publisher + "/nothing").code());
  }
}
