package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static dev.hangar.marketplace.TrustTestSupport.draftAppliance;
import static dev.hangar.marketplace.TrustTestSupport.dryRunDeploy;
import static dev.hangar.marketplace.TrustTestSupport.manifest;
import static dev.hangar.marketplace.TrustTestSupport.newKey;
import static dev.hangar.marketplace.TrustTestSupport.publish;
import static dev.hangar.marketplace.TrustTestSupport.register;
import static dev.hangar.marketplace.TrustTestSupport.sign;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.SignatureAlgorithm;
import dev.hangar.store.trust.SigningKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Enforcement under a STRICT site policy (every STRICT test uses this profile: another one restarts
 * Quarkus). The policy trusts, for {@link #PUBLISHER}'s appliances named {@code cert-*}, signers
 * whose certificate (chained to the test root, {@link TestCertificates}) names an e-mail address at
 * {@code trust.hangar.test}, and for its other appliances its registered keys.
 */
@QuarkusTest
@TestProfile(TrustStrictTest.Strict.class)
@WithTestResource(S3ProxyResource.class)
class TrustStrictTest {
  static final String PUBLISHER = "strict-" + UUID.randomUUID().toString().substring(0, 8);

  /** Points {@code hangar.trust.policy-file} at a STRICT policy written for {@link #PUBLISHER}. */
  public static class Strict implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path file = Files.createTempFile("hangar-strict-policy", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(
            file,
            "enforcement: STRICT\n"
                + "rules:\n"
                + "  - appliances: \""
                + PUBLISHER
                + "/cert-*\"\n"
                + "    signers:\n"
                + "      identities: [\"*@trust.hangar.test\"]\n"
                + "  - appliances: \""
                + PUBLISHER
                + "/*\"\n"
                + "    signers:\n"
                + "      publishers: ["
                + PUBLISHER
                + "]\n");
        return Map.of(
            "hangar.trust.policy-file",
            file.toString(),
            "hangar.trust.certificate-roots",
            TestCertificates.rootFile().toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String token;

  @Inject EntityManager em;

  @BeforeEach
  void publisher() {
    if (token == null) {
      // TrustAttackTest shares this profile, hence the database, and may have created it.
      TestApi.ensurePublisher(PUBLISHER);
      token = TestApi.userToken("publisher", PUBLISHER);
    }
  }

  private String draft() {
    return draftAppliance(token, PUBLISHER, TestApi.unique("app"), UUID.randomUUID().toString());
  }

  @Test
  void unsignedVersionCannotBePublished() {
    String id = draft();

    publish(token, id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("STRICT trust policy refuses it"))
        .body("detail", containsString("the version has no signature"));
    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0")
        .then()
        .body("status", equalTo("DRAFT"));
    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0/trust")
        .then()
        .statusCode(200)
        .body("allowed", equalTo(false))
        .body("enforcement", equalTo("STRICT"));
    as(null)
        .get("/api/v1/trust/policy")
        .then()
        .body("enforcement", equalTo("STRICT"))
        .body("source", containsString("hangar-strict-policy"))
        .body("rules[1].appliances", equalTo(PUBLISHER + "/*"));
  }

  @Test
  void versionSignedByARegisteredKeyPublishesAndDeploys() {
    String id = draft();
    SigningKey key = newKey(SignatureAlgorithm.ECDSA_P256_SHA256);
    register(token, PUBLISHER, key).then().statusCode(201).body("keyId", equalTo(key.keyId()));

    sign(token, id, manifest(token, id, null), key).then().statusCode(201);
    publish(token, id).then().statusCode(200).body("status", equalTo("PUBLISHED"));

    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0/trust")
        .then()
        .body("allowed", equalTo(true))
        .body("compliant", equalTo(true))
        .body("trustedBy[0]", startsWith("publisher " + PUBLISHER));
    dryRunDeploy(token, id).then().statusCode(200).body("state", equalTo("PENDING"));
  }

  @Test
  void keyRegisteredAsACertificateChainSignsForItsCertifiedIdentity() {
    SigningKey key = newKey(SignatureAlgorithm.ED25519);
    String chain =
        Pem.writeCertificates(
            List.of(TestCertificates.leaf(key.publicKey(), "release@trust.hangar.test")));
    as(token)
        .contentType(ContentType.TEXT)
        .body(chain)
        .post("/api/v1/publishers/" + PUBLISHER + "/keys")
        .then()
        .statusCode(201)
        .body("keyId", equalTo(key.keyId()))
        .body("identity", hasItem("release@trust.hangar.test"))
        .body("certificateChain", containsString("BEGIN CERTIFICATE"));
    String id =
        draftAppliance(token, PUBLISHER, TestApi.unique("cert"), UUID.randomUUID().toString());

    sign(token, id, manifest(token, id, null), key).then().statusCode(201);
    publish(token, id).then().statusCode(200);
    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0/trust")
        .then()
        .body("compliant", equalTo(true))
        .body("trustedBy", hasItem("certificate release@trust.hangar.test"));
    dryRunDeploy(token, id).then().statusCode(200);

    // The cert-* rule trusts identities, not the publisher's raw keys.
    SigningKey raw = newKey(SignatureAlgorithm.ED25519);
    register(token, PUBLISHER, raw).then().statusCode(201);
    String other =
        draftAppliance(token, PUBLISHER, TestApi.unique("cert"), UUID.randomUUID().toString());
    sign(token, other, manifest(token, other, null), raw).then().statusCode(201);
    publish(token, other)
        .then()
        .statusCode(409)
        .body("detail", containsString("no trusted signature"));
  }

  @Test
  void certificateChainFromAnUntrustedRootCannotBeRegistered() {
    SigningKey key = newKey(SignatureAlgorithm.ED25519);
    as(token)
        .contentType(ContentType.TEXT)
        .body(
            Pem.writeCertificates(
                List.of(
                    TestCertificates.strangerLeaf(key.publicKey(), "release@trust.hangar.test"))))
        .post("/api/v1/publishers/" + PUBLISHER + "/keys")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("certificate chain not trusted"));
  }

  @Test
  void versionSignedByAnUnregisteredKeyIsRefused() {
    String id = draft();
    SigningKey stranger = newKey(SignatureAlgorithm.ED25519);

    sign(token, id, manifest(token, id, null), stranger).then().statusCode(201);

    publish(token, id)
        .then()
        .statusCode(409)
        .body("detail", containsString("unknown key " + stranger.keyId()));
  }

  @Test
  void aRevokedKeysLaterSignatureDoesNotCountButItsEarlierOneDoes() throws Exception {
    String before = draft();
    String after = draft();
    SigningKey key = newKey(SignatureAlgorithm.ED25519);
    String validFrom =
        register(token, PUBLISHER, key).then().statusCode(201).extract().path("validFrom");
    String issuedBefore = Instant.parse(validFrom).toString();
    sign(token, before, manifest(token, before, issuedBefore), key).then().statusCode(201);
    // Revocation and issuedAt are whole seconds; let the revocation fall in a later second.
    Thread.sleep(1100);

    as(token)
        .post("/api/v1/publishers/" + PUBLISHER + "/keys/" + key.keyId() + "/revoke")
        .then()
        .statusCode(200)
        .body("revokedAt", org.hamcrest.Matchers.notNullValue());
    sign(token, after, manifest(token, after, null), key).then().statusCode(201);

    publish(token, after).then().statusCode(409).body("detail", containsString("was revoked at"));
    publish(token, before).then().statusCode(200);
  }

  @Test
  void signatureOverOtherBytesThanTheCanonicalManifestIsUnprocessable() throws Exception {
    String id = draft();
    SigningKey key = newKey(SignatureAlgorithm.ED25519);
    register(token, PUBLISHER, key).then().statusCode(201);
    ApplianceManifest m = ApplianceManifest.parse(manifest(token, id, null));
    ApplianceManifest forged =
        new ApplianceManifest(
            m.publisher(),
            m.name(),
            m.version(),
            m.channel(),
            m.partitions(),
            new ApplianceManifest.Boot(m.boot().kernel(), m.boot().initrd(), "init=/bin/sh"),
            m.requirements(),
            m.contextSchema(),
            m.contextTemplates(),
            m.issuedAt());

    sign(token, id, forged.toCanonicalJson(), key)
        .then()
        .statusCode(422)
        .body("detail", containsString("differs from the canonical manifest"))
        .body("detail", containsString("[boot]"));
    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0/signatures")
        .then()
        .statusCode(200)
        .body("size()", equalTo(0));
  }

  @Test
  void deployOfAnUnsignedPublishedVersionIsRefused() {
    String id = draft();
    // A version published before the site turned STRICT: flip the draft directly in the catalog.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.createNativeQuery(
                        "update appliance_version set status = 'PUBLISHED', published_at ="
                            + " current_timestamp where appliance_id = ?1")
                    .setParameter(1, UUID.fromString(id))
                    .executeUpdate());

    dryRunDeploy(token, id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("cannot deploy"))
        .body("detail", containsString("the version has no signature"));
    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0/trust")
        .then()
        .body("violations", hasItem("the version has no signature"));
  }

  @Test
  void componentsChangedInTheCatalogAfterSigningBreakTheSignature() {
    String id = draft();
    SigningKey key = newKey(SignatureAlgorithm.ED25519);
    register(token, PUBLISHER, key).then().statusCode(201);
    sign(token, id, manifest(token, id, null), key).then().statusCode(201);
    publish(token, id).then().statusCode(200).body("status", equalTo("PUBLISHED"));
    dryRunDeploy(token, id).then().statusCode(200);

    // Someone with write access to the catalog adds a component the publisher never signed.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.createNativeQuery(
                        "update appliance_version set components = 'hostname' where appliance_id"
                            + " = ?1")
                    .setParameter(1, UUID.fromString(id))
                    .executeUpdate());

    // The deploy guard finds them outside the pinned, signed manifest; the policy finds the
    // signature stale.
    dryRunDeploy(token, id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body(
            "detail", containsString("the components [hostname] differ from the signed manifest"));
    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0/trust")
        .then()
        .body("allowed", equalTo(false))
        .body("compliant", equalTo(false))
        .body("violations", hasItem(containsString("no longer matches the catalog")));
  }
}
