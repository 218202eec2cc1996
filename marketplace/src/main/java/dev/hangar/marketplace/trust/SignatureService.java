package dev.hangar.marketplace.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.Access;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.appliance.CatalogChanges;
import dev.hangar.marketplace.appliance.VersionRepository;
import dev.hangar.marketplace.audit.AuditLog;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.trust.TrustApi.AttestationDto;
import dev.hangar.marketplace.trust.TrustApi.SignatureDto;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.MalformedMetadataException;
import dev.hangar.store.trust.Statement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * Serves the canonical manifest of a version and stores the signatures and attestations submitted
 * for it. A signature is accepted only if its payload is byte-for-byte the version's canonical
 * manifest at the payload's own {@code issuedAt}; whether its signers are trusted is the policy's
 * question, asked at publish, deploy and boot ({@link TrustService}).
 */
@ApplicationScoped
public class SignatureService {
  private final VersionRepository versions;
  private final ManifestFactory manifests;
  private final TrustRepositories.Signatures signatures;
  private final TrustRepositories.Attestations attestations;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final Event<SignatureAdded> signed;
  private final CatalogChanges changes;

  /** A signature was stored for {@code version}, in the current transaction. */
  public record SignatureAdded(ApplianceVersion version) {}

  public SignatureService(
      VersionRepository versions,
      ManifestFactory manifests,
      TrustRepositories.Signatures signatures,
      TrustRepositories.Attestations attestations,
      AuditLog audit,
      ObjectMapper json,
      Event<SignatureAdded> signed,
      CatalogChanges changes) {
    this.changes = changes;
    this.versions = versions;
    this.manifests = manifests;
    this.signatures = signatures;
    this.attestations = attestations;
    this.audit = audit;
    this.json = json;
    this.signed = signed;
  }

  /** The canonical manifest bytes of a version the caller may see, for signing at {@code at}. */
  @Transactional
  public byte[] manifest(Caller caller, UUID applianceId, String version, Instant at) {
    return manifests.manifest(visible(caller, applianceId, version), at).toCanonicalJson();
  }

  /**
   * Stores a DSSE envelope signing the version's manifest.
   *
   * @throws ApiException 400 if the body is not a DSSE envelope with a signature, 422 if its
   *     payload is not exactly the version's canonical manifest
   */
  @Transactional
  public SignatureDto addSignature(Caller caller, UUID applianceId, String version, byte[] body) {
    ApplianceVersion v = visible(caller, applianceId, version);
    Envelope envelope = envelope(body);
    if (!ApplianceManifest.PAYLOAD_TYPE.equals(envelope.payloadType())) {
      throw unprocessable(
          "payloadType is " + envelope.payloadType() + ", not " + ApplianceManifest.PAYLOAD_TYPE);
    }
    ApplianceManifest submitted;
    try {
      submitted = ApplianceManifest.parse(envelope.payload());
    } catch (MalformedMetadataException e) {
      throw unprocessable("payload is not a canonical appliance manifest: " + e.getMessage());
    }
    ApplianceManifest expected = manifests.manifest(v, submitted.issuedAt());
    if (!Arrays.equals(envelope.payload(), expected.toCanonicalJson())) {
      throw unprocessable(
          "payload differs from the canonical manifest of "
              + TrustService.name(v)
              + " issued at "
              + submitted.issuedAt()
              + " in "
              + differingFields(expected.toJson(), submitted.toJson())
              + "; sign the bytes of GET …/manifest?issuedAt="
              + submitted.issuedAt());
    }
    VersionSignature s = new VersionSignature();
    s.receive(v, envelope, caller);
    s.manifestDigest = expected.digest().toString();
    s.issuedAt = OffsetDateTime.ofInstant(submitted.issuedAt(), ZoneOffset.UTC);
    signatures.persist(s);
    signed.fire(new SignatureAdded(v));
    changes.changed(); // trust verdicts, hence the signed/trusted search filters
    audit.record(
        caller, "sign", "version", TrustService.name(v), s.manifestDigest + " by " + s.keyIds);
    return dto(s);
  }

  /** The signatures of a version the caller may see, oldest first. */
  @Transactional
  public List<SignatureDto> signatures(Caller caller, UUID applianceId, String version) {
    return signatures.of(visible(caller, applianceId, version).id).stream().map(this::dto).toList();
  }

  /**
   * Stores an in-toto statement envelope about the version.
   *
   * @throws ApiException 400 if the body is not a DSSE envelope with a signature, 422 if its
   *     payload is not an in-toto Statement v1
   */
  @Transactional
  public AttestationDto addAttestation(
      Caller caller, UUID applianceId, String version, byte[] body) {
    ApplianceVersion v = visible(caller, applianceId, version);
    Envelope envelope = envelope(body);
    if (!Envelope.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
      throw unprocessable(
          "payloadType is " + envelope.payloadType() + ", not " + Envelope.IN_TOTO_PAYLOAD_TYPE);
    }
    Statement statement;
    try {
      statement = Statement.parse(envelope.payload());
    } catch (MalformedMetadataException e) {
      throw unprocessable("payload is not an in-toto Statement v1: " + e.getMessage());
    }
    VersionAttestation a = new VersionAttestation();
    a.receive(v, envelope, caller);
    a.predicateType = statement.predicateType();
    a.subjectDigests =
        String.join(",", statement.subjects().stream().map(s -> s.digest().toString()).toList());
    attestations.persist(a);
    changes.changed(); // trust verdicts, hence the signed/trusted search filters
    audit.record(caller, "attest", "version", TrustService.name(v), a.predicateType);
    return dto(a);
  }

  /** The attestations of a version the caller may see, oldest first. */
  @Transactional
  public List<AttestationDto> attestations(Caller caller, UUID applianceId, String version) {
    return attestations.of(visible(caller, applianceId, version).id).stream()
        .map(this::dto)
        .toList();
  }

  ApplianceVersion visible(Caller caller, UUID applianceId, String version) {
    return versions
        .find(applianceId, version)
        .filter(v -> Access.canSee(caller, v))
        .orElseThrow(
            () -> ApiException.notFound("version " + version + " of appliance " + applianceId));
  }

  private static Envelope envelope(byte[] body) {
    Envelope envelope;
    try {
      envelope = Envelope.parse(body);
    } catch (MalformedMetadataException | IllegalArgumentException e) {
      throw ApiException.badField("envelope", "is not a DSSE envelope: " + e.getMessage());
    }
    if (envelope.signatures().isEmpty()) {
      throw ApiException.badField("signatures", "the envelope carries no signature");
    }
    return envelope;
  }

  private static ApiException unprocessable(String detail) {
    return new ApiException(422, "Unprocessable Content", detail);
  }

  /** Top-level members whose values differ, so the signer sees what does not match. */
  private static List<String> differingFields(JsonNode expected, JsonNode submitted) {
    List<String> fields = new ArrayList<>();
    for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!expected.get(name).equals(submitted.get(name))) {
        fields.add(name);
      }
    }
    return fields;
  }

  private JsonNode tree(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored envelope is not JSON", e);
    }
  }

  private SignatureDto dto(VersionSignature s) {
    return new SignatureDto(
        s.id,
        s.manifestDigest,
        s.issuedAt,
        List.of(s.keyIds.split(",")),
        s.receivedAt,
        s.submittedBy,
        tree(s.envelope));
  }

  private AttestationDto dto(VersionAttestation a) {
    return new AttestationDto(
        a.id,
        a.predicateType,
        List.of(a.subjectDigests.split(",")),
        List.of(a.keyIds.split(",")),
        a.receivedAt,
        a.submittedBy,
        tree(a.envelope));
  }
}
