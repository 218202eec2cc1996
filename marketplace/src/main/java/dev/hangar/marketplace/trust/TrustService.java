package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.appliance.VersionStatus;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.publisher.PublisherRepository;
import dev.hangar.marketplace.trust.TrustApi.PolicyDto;
import dev.hangar.marketplace.trust.TrustApi.VerdictDto;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.MalformedMetadataException;
import dev.hangar.store.trust.PolicyDecision;
import dev.hangar.store.trust.PublisherKeyring;
import dev.hangar.store.trust.TrustPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Asks the site policy about versions. Signatures over the same manifest bytes are merged into one
 * envelope (so a k-of-n threshold can be met by separate submissions); the version complies if any
 * signed manifest complies. An unsigned version is judged as an unsigned envelope of its current
 * manifest, which no rule accepts.
 */
@ApplicationScoped
public class TrustService {
  private final SitePolicy site;
  private final KeyService keys;
  private final ManifestFactory manifests;
  private final TrustRepositories.Signatures signatures;
  private final TrustRepositories.Attestations attestations;
  private final PublisherRepository publishers;
  private final SignatureService signatureService;
  private final CatalogSigner catalog;
  private final TrustRepositories.Manifests pinned;

  public TrustService(
      SitePolicy site,
      KeyService keys,
      ManifestFactory manifests,
      TrustRepositories.Signatures signatures,
      TrustRepositories.Attestations attestations,
      PublisherRepository publishers,
      SignatureService signatureService,
      CatalogSigner catalog,
      TrustRepositories.Manifests pinned) {
    this.site = site;
    this.keys = keys;
    this.manifests = manifests;
    this.signatures = signatures;
    this.attestations = attestations;
    this.publishers = publishers;
    this.signatureService = signatureService;
    this.catalog = catalog;
    this.pinned = pinned;
  }

  /** The verdict on one manifest and the manifest it is about. */
  record Evaluation(PolicyDecision decision, ApplianceManifest manifest) {}

  /** The site policy, the default one spelled out for every publisher. */
  @Transactional
  public PolicyDto policy() {
    TrustPolicy p = site.policy(publishers.listAll().stream().map(x -> x.name).sorted().toList());
    return new PolicyDto(site.source(), p.enforcement(), p.rules());
  }

  /** The policy's verdict on a version the caller may see. */
  @Transactional
  public VerdictDto verdict(Caller caller, UUID applianceId, String version) {
    ApplianceVersion v = signatureService.visible(caller, applianceId, version);
    return VerdictDto.of(evaluate(v).decision(), signatures.of(v.id).size());
  }

  /** Whether the site policy judges {@code v} compliant; call inside the caller's transaction. */
  public boolean complies(ApplianceVersion v) {
    return evaluate(v).decision().compliant();
  }

  /**
   * Evaluates {@code v} and refuses it if the policy does not allow it; call inside the caller's
   * transaction.
   *
   * @return the decision (possibly with violations, under AUDIT)
   * @throws ApiException 409 naming the violations if the policy refuses the version
   */
  public PolicyDecision require(ApplianceVersion v, String action) {
    PolicyDecision d = evaluate(v).decision();
    refuseUnlessAllowed(v, d, action);
    return d;
  }

  private static void refuseUnlessAllowed(ApplianceVersion v, PolicyDecision d, String action) {
    if (!d.allowed()) {
      throw ApiException.conflict(
          "cannot "
              + action
              + " "
              + name(v)
              + ": the "
              + d.enforcement()
              + " trust policy refuses it: "
              + String.join("; ", d.violations()));
    }
  }

  /** Text for the audit entry of an action the policy allowed, or null if it fully complied. */
  public static String auditNote(PolicyDecision d) {
    return d.compliant()
        ? null
        : "trust violations (" + d.enforcement() + "): " + String.join("; ", d.violations());
  }

  /**
   * Evaluates {@code v} for publishing, refuses it if the policy does not allow it, and pins the
   * version to the manifest the verdict is about (the signed one, if any): from now on the catalog
   * snapshot lists that manifest's digest for the version. Call inside the publish transaction.
   *
   * @return the decision (possibly with violations, under AUDIT)
   * @throws ApiException 409 naming the violations if the policy refuses the version
   */
  public PolicyDecision requireAndPin(ApplianceVersion v) {
    Evaluation e = evaluate(v);
    refuseUnlessAllowed(v, e.decision(), "publish");
    catalog.pin(v, e.manifest());
    return e.decision();
  }

  /**
   * Re-pins a published version whose pinned manifest does not comply to a newly signed manifest
   * that does (a version published unsigned under AUDIT and signed later), and re-signs the
   * catalog.
   */
  void onSignatureAdded(@Observes SignatureService.SignatureAdded event) {
    ApplianceVersion v = event.version();
    if (v.status != VersionStatus.PUBLISHED && v.status != VersionStatus.DEPRECATED) {
      return;
    }
    Evaluation e = evaluate(v);
    VersionManifest pin = pinned.findById(v.id);
    if (e.decision().compliant()
        && (pin == null || !pin.manifestDigest.equals(e.decision().manifestDigest()))) {
      catalog.pin(v, e.manifest());
      catalog.reissue();
    }
  }

  /** Evaluates the site policy on {@code v}; needs an active transaction. */
  Evaluation evaluate(ApplianceVersion v) {
    TrustPolicy policy = site.policyFor(v.appliance.publisher.name);
    PublisherKeyring keyring = keys.keyring();
    Instant now = Instant.now();
    List<Envelope> statements = new ArrayList<>();
    for (VersionAttestation a : attestations.of(v.id)) {
      statements.add(stored(a.envelope));
    }
    List<String> stale = new ArrayList<>();
    Map<String, List<Envelope>> byPayload = new LinkedHashMap<>();
    Map<String, ApplianceManifest> manifestOf = new LinkedHashMap<>();
    for (VersionSignature s : signatures.of(v.id)) {
      Envelope e = stored(s.envelope);
      ApplianceManifest m = manifests.manifest(v, s.issuedAt.toInstant());
      if (!Arrays.equals(e.payload(), m.toCanonicalJson())) {
        // The catalog row changed after signing: the signature is about other content.
        stale.add("signature " + s.id + " signs a manifest that no longer matches the catalog");
        continue;
      }
      byPayload.computeIfAbsent(s.manifestDigest, k -> new ArrayList<>()).add(e);
      manifestOf.put(s.manifestDigest, m);
    }
    Evaluation last = null;
    for (Map.Entry<String, List<Envelope>> group : byPayload.entrySet()) {
      PolicyDecision d = policy.evaluate(merge(group.getValue()), statements, keyring, now);
      last = new Evaluation(d, manifestOf.get(group.getKey()));
      if (d.compliant()) {
        return last;
      }
    }
    if (last == null) {
      // A published version is judged by the manifest it is pinned to, a draft by today's.
      ApplianceManifest current = pinnedManifest(v).orElseGet(() -> manifests.manifest(v, now));
      PolicyDecision d =
          policy.evaluate(
              Envelope.of(ApplianceManifest.PAYLOAD_TYPE, current.toCanonicalJson()),
              statements,
              keyring,
              now);
      List<String> why = new ArrayList<>(List.of("the version has no signature"));
      why.addAll(d.violations());
      last = new Evaluation(withViolations(d, why), current);
    }
    if (!stale.isEmpty()) {
      List<String> why = new ArrayList<>(last.decision().violations());
      why.addAll(stale);
      last = new Evaluation(withViolations(last.decision(), why), last.manifest());
    }
    return last;
  }

  private java.util.Optional<ApplianceManifest> pinnedManifest(ApplianceVersion v) {
    return pinned
        .findByIdOptional(v.id)
        .map(
            pin -> {
              try {
                return ApplianceManifest.parse(pin.payload.getBytes(StandardCharsets.UTF_8));
              } catch (MalformedMetadataException e) {
                throw new IllegalStateException(
                    "the pinned manifest of " + name(v) + " no longer parses", e);
              }
            });
  }

  private static PolicyDecision withViolations(PolicyDecision d, List<String> violations) {
    boolean allowed = violations.isEmpty() || d.enforcement() == TrustPolicy.Enforcement.AUDIT;
    return new PolicyDecision(
        allowed && !d.appliance().isEmpty(),
        d.enforcement(),
        d.appliance(),
        d.manifestDigest(),
        violations,
        d.trustedBy());
  }

  private static Envelope merge(List<Envelope> same) {
    Envelope first = same.get(0);
    List<Envelope.Signature> all = new ArrayList<>();
    same.forEach(e -> all.addAll(e.signatures()));
    return new Envelope(first.payloadType(), first.payload(), all);
  }

  static Envelope stored(String json) {
    try {
      return Envelope.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (MalformedMetadataException e) {
      throw new IllegalStateException("a stored envelope no longer parses", e);
    }
  }

  static String name(ApplianceVersion v) {
    return v.appliance.publisher.name + "/" + v.appliance.name + "@" + v.version;
  }
}
