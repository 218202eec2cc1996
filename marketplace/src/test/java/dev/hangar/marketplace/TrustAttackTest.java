package dev.hangar.marketplace;

import static dev.hangar.marketplace.LibvirtTests.virsh;
import static dev.hangar.marketplace.TestApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.builder.ApplianceBuilder;
import dev.hangar.builder.ApplianceDescriptor;
import dev.hangar.builder.BuilderConfig;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.PartitionKind;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.trust.CatalogSigner;
import dev.hangar.store.BlobStore;
import dev.hangar.store.Digest;
import dev.hangar.store.S3BlobStore;
import dev.hangar.store.S3Config;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.CatalogSnapshot;
import dev.hangar.store.trust.CatalogTimestamp;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.KeyPairs;
import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.SignatureAlgorithm;
import dev.hangar.store.trust.SigningKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One test per attack on the deploy path, under the STRICT site policy, against the real libvirtd
 * while a signed {@code hello} VM (deployed once, through the same path) keeps running. Each test
 * asserts the refusal (a problem document whose {@code type} names the attack, or for endless data
 * the deployment's failure) and that the node is untouched: the cache pool's volumes with the
 * SHA-256 of every {@code sha256-*} volume, the per-deployment volume names and the running domains
 * are the same before and after, and the hello VM is still READY.
 */
@QuarkusTest
@TestProfile(TrustStrictTest.Strict.class)
@WithTestResource(S3ProxyResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustAttackTest {
  private static final String PUBLISHER = TrustStrictTest.PUBLISHER;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String token;
  private static SigningKey k1;
  private static SigningKey k2;
  private static BuiltAppliance hello;
  private static String applianceId;
  private static String running;

  @Inject HangarConfig config;
  @Inject EntityManager em;
  @Inject CatalogSigner catalog;

  @BeforeEach
  void helloIsRunning() throws Exception {
    if (running != null) {
      return;
    }
    TestApi.ensurePublisher(PUBLISHER);
    token = TestApi.userToken("publisher", PUBLISHER);
    k1 = key();
    k2 = key();
    register(k1);
    register(k2);
    Path work = Files.createTempDirectory("hangar-trust-attack");
    hello =
        new ApplianceBuilder(BuilderConfig.defaults())
            .build(Path.of("..", "samples", "hello", "recipe.yaml"), work.resolve("hello"));
    applianceId =
        as(token)
            .contentType(ContentType.JSON)
            .body(Map.of("publisher", PUBLISHER, "name", TestApi.unique("hello"), "summary", "x"))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    publishSigned("1.0.0", null, k1);
    publishSigned("1.1.0", null, k1);
    String id = deploy("1.1.0").then().statusCode(202).extract().path("id");
    awaitState(id, "READY", Duration.ofMinutes(8));
    running = id;
  }

  @Test
  @Order(1)
  void rollbackToAnOlderVersionThanTheNodeRanIsRefused() throws Exception {
    NodeState before = NodeState.read(pool());

    deploy("1.0.0")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hangar.dev/problems/trust/rollback"))
        .body("detail", containsString("older than the accepted 1.1.0"));

    assertUntouched(before);
  }

  @Test
  @Order(2)
  void freezeWithAnExpiredTimestampIsRefused() throws Exception {
    NodeState before = NodeState.read(pool());
    CatalogSnapshot snapshot =
        CatalogSnapshot.parse(envelope(get("/api/v1/trust/snapshot")).payload());
    long current =
        CatalogTimestamp.parse(envelope(get("/api/v1/trust/timestamp")).payload()).version();
    // A timestamp the marketplace really signed, replayed after it expired: the mirror serving it
    // keeps the deployer from hearing about anything newer.
    Envelope expired =
        CatalogTimestamp.of(
                current + 1,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1),
                snapshot)
            .sign(catalogKey());
    replaceTimestamp(expired, current + 1);
    try {
      deploy("1.1.0")
          .then()
          .statusCode(409)
          .contentType("application/problem+json")
          .body("type", equalTo("https://hangar.dev/problems/trust/freeze"))
          .body("detail", containsString("timestamp expired"));
    } finally {
      catalog.reissue();
    }
    assertUntouched(before);
  }

  @Test
  @Order(3)
  void mixAndMatchOfAPartitionFromAnotherManifestIsRefused() throws Exception {
    publishSigned("1.2.0", null, k1);
    byte[] foreign = TestApi.bytes("a partition of some other appliance " + UUID.randomUUID());
    as(token)
        .contentType(ContentType.BINARY)
        .body(foreign)
        .put("/api/v1/blobs/" + TestApi.digest(foreign))
        .then()
        .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    // Someone with write access to the catalog swaps the root partition of the signed 1.2.0.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.createNativeQuery(
                        "update version_partition set digest = ?1, size_bytes = ?2 where"
                            + " digest is not null and version_id = (select id from"
                            + " appliance_version where appliance_id = ?3 and version = '1.2.0')")
                    .setParameter(1, TestApi.digest(foreign))
                    .setParameter(2, (long) foreign.length)
                    .setParameter(3, UUID.fromString(applianceId))
                    .executeUpdate());
    NodeState before = NodeState.read(pool());

    deploy("1.2.0")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hangar.dev/problems/trust/mix-and-match"))
        .body("detail", containsString(TestApi.digest(foreign)))
        .body("detail", containsString("is not part of the signed manifest"));

    assertUntouched(before);
  }

  @Test
  @Order(4)
  void endlessDataFromTheObjectStoreIsCutOffWhileStaging() throws Exception {
    // 1.3.0 has a root partition no node has cached yet, so staging must read it.
    String grownDigest = publishGrownRoot("1.3.0", new byte[4096]);
    // The object store now claims the partition is 1 MiB longer than its signed size.
    BlobStore blobs = blobStore();
    String key = "partitions/" + grownDigest.substring("sha256:".length()) + ".json";
    ObjectNode manifest;
    try (InputStream in = blobs.get(key)) {
      manifest = (ObjectNode) JSON.readTree(in);
    }
    long size = manifest.get("size").asLong();
    int extra = 1 << 20;
    ((ArrayNode) manifest.get("chunks"))
        .addObject()
        .put("offset", size)
        .put("length", extra)
        .put("digest", Digest.of(new byte[extra]).toString())
        .put("zero", true);
    manifest.put("size", size + extra);
    byte[] tampered = JSON.writeValueAsBytes(manifest);
    blobs.put(key, new ByteArrayInputStream(tampered), tampered.length);
    NodeState before = NodeState.read(pool());

    String id = deploy("1.3.0").then().statusCode(202).extract().path("id");
    JsonPath failed = awaitState(id, "FAILED", Duration.ofMinutes(3));

    assertTrue(
        failed.getString("message").contains("endless data"),
        "refused as endless data: " + failed.getString("message"));
    assertUntouched(before);
  }

  @Test
  @Order(5)
  void manifestSignedOnlyByAnUnknownKeyIsRefused() throws Exception {
    publishSigned("1.4.0", null, k1);
    SigningKey stranger = key();
    byte[] payload = pinnedPayload("1.4.0");
    Envelope forged = Envelope.of(ApplianceManifest.PAYLOAD_TYPE, payload).signedBy(stranger);
    // Someone with write access to the catalog replaces the stored signatures.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.createNativeQuery(
                        "update version_signature set envelope = ?1, key_ids = ?2 where"
                            + " version_id = (select id from appliance_version where"
                            + " appliance_id = ?3 and version = '1.4.0')")
                    .setParameter(1, new String(forged.toBytes(), StandardCharsets.UTF_8))
                    .setParameter(2, stranger.keyId())
                    .setParameter(3, UUID.fromString(applianceId))
                    .executeUpdate());
    NodeState before = NodeState.read(pool());

    deploy("1.4.0")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hangar.dev/problems/trust/untrusted-signer"))
        .body("detail", containsString("unknown key " + stranger.keyId()));

    assertUntouched(before);
  }

  @Test
  @Order(6)
  void manifestSignedByAKeyRevokedBeforeItsIssuedAtIsRefusedAndRotationWorks() throws Exception {
    String validFrom =
        as(token)
            .get("/api/v1/publishers/" + PUBLISHER + "/keys")
            .then()
            .extract()
            .jsonPath()
            .param("id", k2.keyId())
            .getString("find { it.keyId == id }.validFrom");
    publishSigned("1.5.0", null, k2);
    // k2 turns out to have been compromised since it was registered.
    as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("revokedAt", validFrom))
        .post("/api/v1/publishers/" + PUBLISHER + "/keys/" + k2.keyId() + "/revoke")
        .then()
        .statusCode(200)
        .body("revokedAt", equalTo(validFrom));
    NodeState before = NodeState.read(pool());

    deploy("1.5.0")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hangar.dev/problems/trust/revoked-signer"))
        .body("detail", containsString("was revoked at"));
    assertUntouched(before);

    // Rotation: the replacement key signs the next version, which deploys (dry run).
    SigningKey k3 = key();
    register(k3);
    publishSigned("1.6.0", null, k3);
    dryRun("1.6.0").then().statusCode(200);
  }

  @Test
  @Order(7)
  void manifestBelowThePublishersThresholdIsRefused() throws Exception {
    // Keys count from their registration on: k4 must exist when 1.7.0's manifest is issued.
    SigningKey k4 = key();
    register(k4);
    publishSigned("1.7.0", null, k1);
    setThreshold(2);
    try {
      NodeState before = NodeState.read(pool());

      deploy("1.7.0")
          .then()
          .statusCode(409)
          .contentType("application/problem+json")
          .body("type", equalTo("https://hangar.dev/problems/trust/threshold-not-met"))
          .body("detail", containsString("1 of 2 required keys"));
      assertUntouched(before);

      // A second registered key signing the same manifest bytes meets the threshold again.
      signPinned("1.7.0", k4);
      dryRun("1.7.0").then().statusCode(200);
    } finally {
      setThreshold(1);
    }
  }

  @Test
  @Order(8)
  void aPartitionOverwrittenInTheObjectStoreIsCaughtBeforeBoot() throws Exception {
    // 1.8.0's root ends in 1 MiB of random bytes, so its last chunks sit in packs of its own
    // upload: overwriting them cannot harm another version.
    byte[] random = new byte[1 << 20];
    new java.security.SecureRandom().nextBytes(random);
    String grownDigest = publishGrownRoot("1.8.0", random);

    // Same key, other bytes: the pack holding the partition's last chunk, rewritten in place
    // with as many random bytes. The manifest, its signature and the pack index are unchanged.
    BlobStore blobs = blobStore();
    JsonNode manifest;
    try (InputStream in =
        blobs.get("partitions/" + grownDigest.substring("sha256:".length()) + ".json")) {
      manifest = JSON.readTree(in);
    }
    JsonNode last = manifest.get("chunks").get(manifest.get("chunks").size() - 1);
    assertFalse(last.get("zero").asBoolean(), "the random tail is stored, not a zero run");
    String lastChunk = last.get("digest").asText().substring("sha256:".length());
    String pack = null;
    long packSize = 0;
    List<String> packChunks = new ArrayList<>();
    for (String index : blobs.list("index/")) {
      JsonNode entries;
      try (InputStream in = blobs.get(index)) {
        entries = JSON.readTree(in);
      }
      List<String> listed = new ArrayList<>();
      entries.get("chunks").forEach(e -> listed.add(e.get(0).asText()));
      if (listed.contains(lastChunk)) {
        pack = entries.get("pack").asText();
        packSize = entries.get("size").asLong();
        packChunks.addAll(listed);
        break;
      }
    }
    assertTrue(pack != null, "a pack index lists the last chunk " + lastChunk);
    byte[] other = new byte[Math.toIntExact(packSize)];
    new java.security.SecureRandom().nextBytes(other);
    blobs.put(pack, new ByteArrayInputStream(other), other.length);
    NodeState before = NodeState.read(pool());

    String id = deploy("1.8.0").then().statusCode(202).extract().path("id");
    JsonPath failed = awaitState(id, "FAILED", Duration.ofMinutes(3));

    String message = failed.getString("message");
    assertTrue(
        message.contains("is corrupt") && packChunks.stream().anyMatch(message::contains),
        "the failure names a chunk of the overwritten pack as corrupt: " + message);
    assertUntouched(before);
  }

  @Test
  @Order(100)
  void theHelloVmOutlivedEveryAttackAndIsDestroyedWithoutLeftovers() throws Exception {
    NodeState before = NodeState.read(pool());
    assertTrue(before.runningDomains().contains(domain(running)), before.toString());
    as(token).delete("/api/v1/deployments/" + running).then().statusCode(202);
    awaitState(running, "DESTROYED", Duration.ofMinutes(2));
    String domain = domain(running);
    running = null;
    NodeState after = NodeState.read(pool());
    assertFalse(after.runningDomains().contains(domain), after.toString());
    assertTrue(
        after.otherVolumes().stream().noneMatch(v -> v.startsWith(domain)), after.toString());
    assertEquals(before.cacheDigests(), after.cacheDigests(), "the cache stays");
  }

  // ----------------------------------------------------------------------------------------------

  /**
   * The node as the attacks must leave it: this test's cache pool, and the running domains of this
   * marketplace's deployments (other test runs share the libvirtd).
   */
  private record NodeState(
      Map<String, String> cacheDigests, List<String> otherVolumes, List<String> runningDomains) {
    static NodeState read(String pool) throws Exception {
      List<String> ours =
          TestApi.admin()
              .get("/api/v1/deployments")
              .then()
              .statusCode(200)
              .extract()
              .path("domain");
      Map<String, String> cache = new TreeMap<>();
      List<String> others = new ArrayList<>();
      for (String line : virsh("-q", "vol-list", pool).lines().toList()) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 2) {
          continue;
        }
        if (parts[0].startsWith("sha256-")) {
          cache.put(parts[0], sha256(Path.of(parts[1])));
        } else {
          others.add(parts[0]);
        }
      }
      List<String> domains =
          virsh("list", "--name", "--state-running")
              .lines()
              .map(String::trim)
              .filter(l -> !l.isEmpty() && ours.contains(l))
              .sorted()
              .toList();
      return new NodeState(cache, others.stream().sorted().toList(), domains);
    }
  }

  private void assertUntouched(NodeState before) throws Exception {
    assertEquals(before, NodeState.read(pool()), "the node's cache and domains are untouched");
    as(token)
        .get("/api/v1/deployments/" + running)
        .then()
        .statusCode(200)
        .body("state", equalTo("READY"));
    assertEquals("running", virsh("domstate", domain(running)).trim());
  }

  private static String domain(String deployment) {
    return as(token).get("/api/v1/deployments/" + deployment).then().extract().path("domain");
  }

  private String pool() {
    return config.deployer().pool();
  }

  private static SigningKey key() {
    return SigningKey.of(KeyPairs.generate(SignatureAlgorithm.ED25519));
  }

  private static void register(SigningKey key) {
    as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("publicKey", Pem.writePublicKey(key.publicKey())))
        .post("/api/v1/publishers/" + PUBLISHER + "/keys")
        .then()
        .statusCode(201);
  }

  private static void setThreshold(int k) {
    as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("threshold", k))
        .put("/api/v1/publishers/" + PUBLISHER + "/threshold")
        .then()
        .statusCode(200)
        .body("threshold", equalTo(k));
  }

  /**
   * Publishes {@code version}, signed by k1, with hello's root partition followed by {@code tail};
   * returns the new root's digest.
   */
  private static String publishGrownRoot(String version, byte[] tail) throws Exception {
    Path grown = Files.createTempFile("hangar-root", ".img");
    try {
      Files.copy(
          hello.outDir().resolve(rootPartition().file()),
          grown,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.write(grown, tail, java.nio.file.StandardOpenOption.APPEND);
      publishSigned(version, grown, k1);
      return sha256(grown);
    } finally {
      Files.delete(grown);
    }
  }

  private static ApplianceDescriptor.PartitionImage rootPartition() {
    return hello.descriptor().partitions().stream()
        .filter(p -> p.kind() != PartitionKind.EMPTY)
        .findFirst()
        .orElseThrow();
  }

  /**
   * Creates version {@code version} of the hello appliance (with {@code root} as its first
   * partition with content, if given), uploads its files, signs its manifest with {@code key} and
   * publishes it.
   */
  private static void publishSigned(String version, Path root, SigningKey key) throws Exception {
    ApplianceDescriptor d = hello.descriptor();
    ObjectNode body = JSON.createObjectNode().put("version", version).put("channel", "stable");
    ObjectNode boot = body.putObject("boot").put("cmdline", d.cmdline());
    boot.putObject("kernel")
        .put("digest", "sha256:" + d.kernel().sha256())
        .put("size", d.kernel().size());
    boot.putObject("initrd")
        .put("digest", "sha256:" + d.initrd().sha256())
        .put("size", d.initrd().size());
    body.putObject("requirements")
        .put("arch", d.requirements().arch())
        .put("vcpus", d.requirements().vcpus())
        .put("memoryMiB", d.requirements().memoryMiB());
    ArrayNode partitions = body.putArray("partitions");
    List<Path> files =
        new ArrayList<>(
            List.of(
                hello.outDir().resolve(d.kernel().file()),
                hello.outDir().resolve(d.initrd().file())));
    boolean replaced = false;
    for (ApplianceDescriptor.PartitionImage p : d.partitions()) {
      ObjectNode node =
          partitions
              .addObject()
              .put("label", p.label())
              .put("role", p.role())
              .put("kind", p.kind().name())
              .put("filesystem", p.filesystem().name().toLowerCase(java.util.Locale.ROOT))
              .put("sizeBytes", p.sizeBytes());
      if (p.sha256() != null) {
        Path file = hello.outDir().resolve(p.file());
        if (root != null && !replaced) {
          file = root;
          replaced = true;
          node.put("sizeBytes", Files.size(root));
        }
        node.put("digest", sha256(file));
        files.add(file);
      }
    }
    as(token)
        .contentType(ContentType.JSON)
        .body(JSON.writeValueAsBytes(body))
        .post("/api/v1/appliances/" + applianceId + "/versions")
        .then()
        .statusCode(201);
    for (Path file : files) {
      as(token)
          .contentType(ContentType.BINARY)
          .body(file.toFile())
          .put("/api/v1/blobs/" + sha256(file))
          .then()
          .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }
    byte[] manifest =
        as(token)
            .get("/api/v1/appliances/" + applianceId + "/versions/" + version + "/manifest")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    postSignature(version, manifest, key);
    as(token)
        .post("/api/v1/appliances/" + applianceId + "/versions/" + version + "/publish")
        .then()
        .statusCode(200);
  }

  private static void postSignature(String version, byte[] payload, SigningKey key) {
    as(token)
        .contentType(ContentType.JSON)
        .body(Envelope.of(ApplianceManifest.PAYLOAD_TYPE, payload).signedBy(key).toBytes())
        .post("/api/v1/appliances/" + applianceId + "/versions/" + version + "/signatures")
        .then()
        .statusCode(201);
  }

  /** Signs the manifest bytes the version is pinned to (those of its first signature). */
  private static void signPinned(String version, SigningKey key) {
    postSignature(version, pinnedPayload(version), key);
  }

  private static byte[] pinnedPayload(String version) {
    String payload =
        as(token)
            .get("/api/v1/appliances/" + applianceId + "/versions/" + version + "/signatures")
            .then()
            .statusCode(200)
            .extract()
            .path("[0].envelope.payload");
    return java.util.Base64.getDecoder().decode(payload);
  }

  private static Response deploy(String version) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("applianceId", applianceId, "version", version))
        .post("/api/v1/deployments");
  }

  private static Response dryRun(String version) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("applianceId", applianceId, "version", version))
        .post("/api/v1/deployments?dryRun=true");
  }

  private static byte[] get(String path) {
    return as(null).get(path).then().statusCode(200).extract().asByteArray();
  }

  private static Envelope envelope(byte[] json) throws Exception {
    return Envelope.parse(json);
  }

  private SigningKey catalogKey() throws Exception {
    String pem = Files.readString(config.trust().catalogKeyFile());
    return new SigningKey(Pem.readPrivateKey(pem), Pem.readPublicKey(pem), List.of());
  }

  /**
   * Serves {@code timestamp} as the current one (the expiry column, which only schedules
   * re-signing, is left in the future so the refresher does not replace it meanwhile).
   */
  private void replaceTimestamp(Envelope timestamp, long version) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.createNativeQuery(
                        "update catalog_metadata set envelope = ?1, version = ?2 where role ="
                            + " 'timestamp'")
                    .setParameter(1, new String(timestamp.toBytes(), StandardCharsets.UTF_8))
                    .setParameter(2, version)
                    .executeUpdate());
  }

  private BlobStore blobStore() {
    HangarConfig.S3 s3 = config.store().s3();
    return new S3BlobStore(
        new S3Config(
            s3.endpoint().orElseThrow(),
            s3.region(),
            s3.bucket(),
            s3.accessKey().orElseThrow(),
            s3.secretKey().orElseThrow()));
  }

  private static JsonPath awaitState(String id, String wanted, Duration timeout)
      throws InterruptedException {
    return LibvirtTests.awaitState(token, id, wanted, timeout);
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) != -1) {
        digest.update(buffer, 0, n);
      }
      return "sha256:" + HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
