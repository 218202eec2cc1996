package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static dev.hangar.marketplace.TrustTestSupport.draftAppliance;
import static dev.hangar.marketplace.TrustTestSupport.manifest;
import static dev.hangar.marketplace.TrustTestSupport.newKey;
import static dev.hangar.marketplace.TrustTestSupport.publish;
import static dev.hangar.marketplace.TrustTestSupport.register;
import static dev.hangar.marketplace.TrustTestSupport.sign;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Digest;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.SignatureAlgorithm;
import dev.hangar.store.trust.SigningKey;
import dev.hangar.store.trust.Statement;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keys, signatures and attestations under the built-in AUDIT policy. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class TrustAuditTest {

  @Test
  void auditPolicyPublishesAnUnsignedVersionAndRecordsTheViolation() {
    String publisher = TestApi.unique("audit");
    String token = TestApi.publisherToken(publisher);
    String id = draftAppliance(token, publisher, "web", UUID.randomUUID().toString());

    publish(token, id).then().statusCode(200).body("status", equalTo("PUBLISHED"));

    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0/trust")
        .then()
        .body("allowed", equalTo(true))
        .body("compliant", equalTo(false))
        .body("enforcement", equalTo("AUDIT"))
        .body("violations", hasItem("the version has no signature"));
    List<Map<String, Object>> entries =
        TestApi.admin().get("/api/v1/audit?limit=1000").then().statusCode(200).extract().path("");
    assertTrue(
        entries.stream()
            .anyMatch(
                e ->
                    "publish".equals(e.get("action"))
                        && (publisher + "/web@1.0.0").equals(e.get("target"))
                        && String.valueOf(e.get("detail"))
                            .startsWith("trust violations (AUDIT): the version has no signature")),
        entries.toString());
    as(null)
        .get("/api/v1/trust/policy")
        .then()
        .body("source", equalTo("built-in default"))
        .body("enforcement", equalTo("AUDIT"))
        .body("rules.appliances", hasItem(publisher + "/*"));
  }

  @Test
  void registeredKeysSignatureMakesAVersionCompliantAndIsListed() {
    String publisher = TestApi.unique("signed");
    String token = TestApi.publisherToken(publisher);
    String id = draftAppliance(token, publisher, "db", UUID.randomUUID().toString());
    SigningKey key = newKey(SignatureAlgorithm.ED25519);
    as(token)
        .contentType(ContentType.TEXT)
        .body(Pem.writePublicKey(key.publicKey()))
        .post("/api/v1/publishers/" + publisher + "/keys")
        .then()
        .statusCode(201)
        .body("algorithm", equalTo("ED25519"));
    byte[] payload = manifest(token, id, null);

    sign(token, id, payload, key).then().statusCode(201);
    publish(token, id).then().statusCode(200);

    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0/trust")
        .then()
        .body("compliant", equalTo(true))
        .body("manifestDigest", equalTo(Digest.of(payload).toString()));
    as(null)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0/signatures")
        .then()
        .statusCode(200)
        .body("[0].keyIds", equalTo(List.of(key.keyId())))
        .body("[0].manifestDigest", equalTo(Digest.of(payload).toString()));
    as(null)
        .get("/api/v1/publishers/" + publisher + "/keys")
        .then()
        .statusCode(200)
        .body("keyId", equalTo(List.of(key.keyId())));
  }

  @Test
  void onlyThePublishersOwnUsersManageItsKeysAndOnlyValidKeysAreAccepted() {
    String publisher = TestApi.unique("owner");
    String token = TestApi.publisherToken(publisher);
    String other = TestApi.publisherToken(TestApi.unique("other"));
    SigningKey key = newKey(SignatureAlgorithm.ECDSA_P256_SHA256);

    register(other, publisher, key).then().statusCode(403);
    as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("publicKey", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
        .post("/api/v1/publishers/" + publisher + "/keys")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("publicKey"));
    register(token, publisher, key).then().statusCode(201);
    register(token, publisher, key).then().statusCode(409);
    as(other)
        .post("/api/v1/publishers/" + publisher + "/keys/" + key.keyId() + "/revoke")
        .then()
        .statusCode(403);
  }

  @Test
  void attestationsAboutAVersionAreStoredAndListed() throws Exception {
    String publisher = TestApi.unique("attest");
    String token = TestApi.publisherToken(publisher);
    String id = draftAppliance(token, publisher, "app", UUID.randomUUID().toString());
    SigningKey key = newKey(SignatureAlgorithm.ED25519);
    ApplianceManifest manifest = ApplianceManifest.parse(manifest(token, id, null));
    var predicate = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    predicate.put("builder", "test");
    Statement statement = Statement.about(manifest, "https://hangar.dev/provenance/v1", predicate);

    as(token)
        .contentType(ContentType.JSON)
        .body(statement.sign(key).toBytes())
        .post("/api/v1/appliances/" + id + "/versions/1.0.0/attestations")
        .then()
        .statusCode(201)
        .body("predicateType", equalTo("https://hangar.dev/provenance/v1"));
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"payloadType\":\"x\"}")
        .post("/api/v1/appliances/" + id + "/versions/1.0.0/attestations")
        .then()
        .statusCode(400)
        .body("detail", containsString("DSSE"));

    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0/attestations")
        .then()
        .statusCode(200)
        .body("[0].subjectDigests", equalTo(List.of(manifest.digest().toString())));
  }
}
