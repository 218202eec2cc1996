package dev.hangar.marketplace.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hangar.store.trust.PolicyDecision;
import dev.hangar.store.trust.TrustPolicy;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The JSON documents of the trust API. */
public final class TrustApi {
  private TrustApi() {}

  /**
   * A registered key.
   *
   * @param keyId {@code sha256:<hex>} of the DER SubjectPublicKeyInfo
   * @param publisher the publisher the key signs for
   * @param algorithm {@code ED25519} or {@code ECDSA_P256_SHA256}
   * @param publicKey the PEM {@code PUBLIC KEY}
   * @param validFrom signatures dated earlier do not count
   * @param revokedAt signatures dated at or after this do not count; null if not revoked
   * @param certificateChain the PEM chain (leaf first) if registered as one, else null
   * @param identity the leaf's CN and subject alternative names, empty for a raw key
   */
  public record KeyDto(
      String keyId,
      String publisher,
      String algorithm,
      String publicKey,
      OffsetDateTime validFrom,
      OffsetDateTime revokedAt,
      String certificateChain,
      List<String> identity) {}

  /**
   * A publisher's k-of-n signature requirement.
   *
   * @param publisher the publisher
   * @param threshold k: distinct registered keys that must sign a manifest
   * @param activeKeys n: its registered keys that are not revoked
   */
  public record ThresholdDto(String publisher, int threshold, int activeKeys) {}

  /** A stored manifest signature (the envelope itself is in {@code envelope}). */
  public record SignatureDto(
      UUID id,
      String manifestDigest,
      OffsetDateTime issuedAt,
      List<String> keyIds,
      OffsetDateTime receivedAt,
      String submittedBy,
      JsonNode envelope) {}

  /** A stored attestation. */
  public record AttestationDto(
      UUID id,
      String predicateType,
      List<String> subjectDigests,
      List<String> keyIds,
      OffsetDateTime receivedAt,
      String submittedBy,
      JsonNode envelope) {}

  /**
   * The site policy as served by {@code GET /api/v1/trust/policy}.
   *
   * @param source the policy file, or {@code built-in default}
   * @param enforcement STRICT or AUDIT
   * @param rules the rules, first match wins (the default is spelled out for every publisher)
   */
  public record PolicyDto(
      String source, TrustPolicy.Enforcement enforcement, List<TrustPolicy.Rule> rules) {}

  /**
   * The policy's verdict on one version.
   *
   * @param allowed whether the version may be published and deployed
   * @param enforcement STRICT or AUDIT
   * @param compliant whether there is no violation at all
   * @param manifestDigest digest of the manifest the verdict is about (the signed one, if any)
   * @param violations why the version does not comply
   * @param trustedBy which signers and attestations satisfied the policy
   * @param signatures how many signature envelopes the version has (trusted or not)
   */
  public record VerdictDto(
      boolean allowed,
      TrustPolicy.Enforcement enforcement,
      boolean compliant,
      String manifestDigest,
      List<String> violations,
      List<String> trustedBy,
      int signatures) {
    static VerdictDto of(PolicyDecision d, int signatures) {
      return new VerdictDto(
          d.allowed(),
          d.enforcement(),
          d.compliant(),
          d.manifestDigest(),
          d.violations(),
          d.trustedBy(),
          signatures);
    }
  }
}
