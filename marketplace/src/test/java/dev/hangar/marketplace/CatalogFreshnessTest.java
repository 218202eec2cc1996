package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.CatalogSnapshot;
import dev.hangar.store.trust.CatalogTimestamp;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.KeyPairs;
import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.PublisherKey;
import dev.hangar.store.trust.PublisherKeyring;
import dev.hangar.store.trust.SemVer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signed catalog as a deployer sees it through the API: the pinned catalog key verifies the
 * timestamp, which names the snapshot, which lists every deployable version's pinned manifest and
 * follows publish, deprecate and revoke with increasing versions.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class CatalogFreshnessTest {
  @Inject HangarConfig config;

  @Test
  void snapshotAndTimestampAreSignedByTheCatalogKeyAndFollowTheVersionLifeCycle() throws Exception {
    String keyPem =
        as(null).get("/api/v1/trust/catalog-key").then().statusCode(200).extract().asString();
    PublicKey catalogKey = Pem.readPublicKey(keyPem);
    PublisherKeyring pinned =
        PublisherKeyring.empty()
            .withKey(new PublisherKey("hangar.catalog", catalogKey, Instant.EPOCH, null));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(config.trust().catalogKeyFile())));
    assertFalse(keyPem.contains("PRIVATE"), "only the public half is served");

    String publisher = TestApi.unique("fresh");
    String token = TestApi.publisherToken(publisher);
    Signed before = signed(pinned);
    String id =
        TestApi.publishedAppliance(
            token,
            publisher,
            Map.of(),
            TestApi.bytes("kernel " + publisher),
            TestApi.bytes("initrd " + publisher),
            TestApi.bytes("root " + publisher));
    String channel = publisher + "/" + name(token, id) + "@stable";
    Signed published = signed(pinned);
    assertTrue(published.snapshot().version() > before.snapshot().version());
    assertTrue(published.timestamp().version() > before.timestamp().version());
    CatalogSnapshot.Entry entry =
        published.snapshot().entry(channel, SemVer.parse("1.0.0")).orElseThrow();
    String pinnedDigest =
        as(token)
            .get("/api/v1/appliances/" + id + "/versions/1.0.0/trust")
            .then()
            .extract()
            .path("manifestDigest");
    assertEquals(pinnedDigest, entry.manifest().toString());
    assertTrue(published.timestamp().expires().isAfter(Instant.now()));

    as(token).post("/api/v1/appliances/" + id + "/versions/1.0.0/deprecate").then().statusCode(200);
    Signed deprecated = signed(pinned);
    assertTrue(deprecated.snapshot().version() > published.snapshot().version());
    assertTrue(deprecated.snapshot().entry(channel, SemVer.parse("1.0.0")).isPresent());

    as(token).post("/api/v1/appliances/" + id + "/versions/1.0.0/revoke").then().statusCode(200);
    Signed revoked = signed(pinned);
    assertFalse(
        revoked.snapshot().entry(channel, SemVer.parse("1.0.0")).isPresent(),
        "a revoked version is no longer listed");
  }

  @Test
  void thresholdIsSetPerPublisherAndRevocationMayBeBackdatedButNotIntoTheFuture() {
    String publisher = TestApi.unique("thresh");
    String token = TestApi.publisherToken(publisher);
    as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("threshold", 0))
        .put("/api/v1/publishers/" + publisher + "/threshold")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("threshold", 2))
        .put("/api/v1/publishers/" + publisher + "/threshold")
        .then()
        .statusCode(200)
        .body("threshold", equalTo(2));
    as(null)
        .get("/api/v1/publishers/" + publisher + "/threshold")
        .then()
        .body("threshold", equalTo(2))
        .body("activeKeys", equalTo(0));

    var key = KeyPairs.generate(dev.hangar.store.trust.SignatureAlgorithm.ED25519);
    String keyId =
        as(token)
            .contentType(ContentType.JSON)
            .body(Map.of("publicKey", Pem.writePublicKey(key.getPublic())))
            .post("/api/v1/publishers/" + publisher + "/keys")
            .then()
            .statusCode(201)
            .extract()
            .path("keyId");
    String revoke = "/api/v1/publishers/" + publisher + "/keys/" + keyId + "/revoke";
    as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("revokedAt", Instant.now().plusSeconds(3600).toString()))
        .post(revoke)
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.containsString("revokedAt"));
    as(token)
        .post(revoke)
        .then()
        .statusCode(200)
        .body("revokedAt", org.hamcrest.Matchers.notNullValue());
  }

  private record Signed(CatalogTimestamp timestamp, CatalogSnapshot snapshot) {}

  /** Verifies like a deployer: the timestamp by the pinned key, the snapshot by the timestamp. */
  private static Signed signed(PublisherKeyring pinned) throws Exception {
    Envelope ts =
        Envelope.parse(
            as(null).get("/api/v1/trust/timestamp").then().statusCode(200).extract().asByteArray());
    Envelope snap =
        Envelope.parse(
            as(null).get("/api/v1/trust/snapshot").then().statusCode(200).extract().asByteArray());
    pinned.requirePublisher(ts, "hangar.catalog", Instant.now());
    pinned.requirePublisher(snap, "hangar.catalog", Instant.now());
    CatalogTimestamp timestamp = CatalogTimestamp.parse(ts.payload());
    assertEquals(timestamp.snapshotDigest(), Digest.of(snap.payload()));
    CatalogSnapshot snapshot = CatalogSnapshot.parse(snap.payload());
    assertEquals(timestamp.snapshotVersion(), snapshot.version());
    return new Signed(timestamp, snapshot);
  }

  private static String name(String token, String id) {
    return as(token).get("/api/v1/appliances/" + id).then().extract().path("name");
  }
}
