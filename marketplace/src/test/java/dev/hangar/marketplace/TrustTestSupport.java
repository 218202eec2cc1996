package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;

import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.KeyPairs;
import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.SignatureAlgorithm;
import dev.hangar.store.trust.SigningKey;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;

/** Drafts, keys and signatures through the REST API, for the trust tests. */
final class TrustTestSupport {
  private TrustTestSupport() {}

  /** Creates an appliance with a draft 1.0.0 whose three files are uploaded; returns its id. */
  static String draftAppliance(String token, String publisher, String name, String seed) {
    byte[] kernel = TestApi.bytes("kernel " + seed);
    byte[] initrd = TestApi.bytes("initrd " + seed);
    byte[] root = TestApi.bytes("root " + seed);
    String id =
        as(token)
            .contentType(ContentType.JSON)
            .body(Map.of("publisher", publisher, "name", name, "summary", "trust test"))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(token)
        .contentType(ContentType.JSON)
        .body(TestApi.versionBody("1.0.0", kernel, initrd, root))
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(201);
    TestApi.uploadBlobs(token, kernel, initrd, root);
    return id;
  }

  static SigningKey newKey(SignatureAlgorithm algorithm) {
    return SigningKey.of(KeyPairs.generate(algorithm));
  }

  /** Registers {@code key} for {@code publisher}; returns the registration response. */
  static Response register(String token, String publisher, SigningKey key) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("publicKey", Pem.writePublicKey(key.publicKey())))
        .post("/api/v1/publishers/" + publisher + "/keys");
  }

  /** The canonical manifest bytes of version 1.0.0, issued now or at {@code issuedAt}. */
  static byte[] manifest(String token, String id, String issuedAt) {
    var request = as(token);
    if (issuedAt != null) {
      request = request.queryParam("issuedAt", issuedAt);
    }
    return request
        .get("/api/v1/appliances/" + id + "/versions/1.0.0/manifest")
        .then()
        .statusCode(200)
        .contentType(ApplianceManifest.PAYLOAD_TYPE)
        .extract()
        .asByteArray();
  }

  /** Submits an envelope signing {@code payload} with {@code key}; returns the response. */
  static Response sign(String token, String id, byte[] payload, SigningKey key) {
    Envelope envelope = Envelope.of(ApplianceManifest.PAYLOAD_TYPE, payload).signedBy(key);
    return as(token)
        .contentType(ContentType.JSON)
        .body(envelope.toBytes())
        .post("/api/v1/appliances/" + id + "/versions/1.0.0/signatures");
  }

  static Response publish(String token, String id) {
    return as(token).post("/api/v1/appliances/" + id + "/versions/1.0.0/publish");
  }

  static Response dryRunDeploy(String token, String id) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("applianceId", id, "version", "1.0.0"))
        .post("/api/v1/deployments?dryRun=true");
  }
}
