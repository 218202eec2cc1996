package dev.hangar.marketplace.trust;

import dev.hangar.deployer.DeploymentPlan;
import dev.hangar.deployer.PartitionPlan;
import dev.hangar.deployer.StagedFile;
import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.publisher.PublisherRepository;
import dev.hangar.marketplace.trust.TrustApi.PolicyDto;
import dev.hangar.marketplace.trust.TrustApi.VerdictDto;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.MalformedMetadataException;
import dev.hangar.store.trust.PolicyDecision;
import dev.hangar.store.trust.PublisherKeyring;
import dev.hangar.store.trust.TrustPolicy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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
  private final EntityManager em;

  public TrustService(
      SitePolicy site,
      KeyService keys,
      ManifestFactory manifests,
      TrustRepositories.Signatures signatures,
      TrustRepositories.Attestations attestations,
      PublisherRepository publishers,
      SignatureService signatureService,
      EntityManager em) {
    this.site = site;
    this.keys = keys;
    this.manifests = manifests;
    this.signatures = signatures;
    this.attestations = attestations;
    this.publishers = publishers;
    this.signatureService = signatureService;
    this.em = em;
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
    return VerdictDto.of(
        evaluate(signatureService.visible(caller, applianceId, version)).decision());
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
    return d;
  }

  /** Text for the audit entry of an action the policy allowed, or null if it fully complied. */
  public static String auditNote(PolicyDecision d) {
    return d.compliant()
        ? null
        : "trust violations (" + d.enforcement() + "): " + String.join("; ", d.violations());
  }

  /**
   * Checks, in a transaction of its own, that the version of deployment {@code deploymentId} is
   * still allowed (keys may have been revoked since it was requested) and that every file the plan
   * boots is listed, with its size, in the manifest the verdict is about.
   *
   * @throws UntrustedContentException if either does not hold
   */
  public void verifyBeforeBoot(UUID deploymentId, DeploymentPlan plan) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ApplianceVersion v =
                  em.createQuery(
                          "select d.version from Deployment d where d.id = :id",
                          ApplianceVersion.class)
                      .setParameter("id", deploymentId)
                      .getSingleResult();
              Evaluation e = evaluate(v);
              if (!e.decision().allowed()) {
                throw new UntrustedContentException(
                    name(v)
                        + " is no longer trusted: "
                        + String.join("; ", e.decision().violations()));
              }
              List<StagedFile> files = new ArrayList<>(List.of(plan.kernel(), plan.initrd()));
              for (PartitionPlan p : plan.partitions()) {
                if (p.digestHex() != null) {
                  files.add(new StagedFile(p.digestHex(), p.sizeBytes()));
                }
              }
              for (StagedFile f : files) {
                Digest digest = Digest.parse("sha256:" + f.digestHex());
                if (!e.manifest().sizeOf(digest).filter(size -> size == f.size()).isPresent()) {
                  throw new UntrustedContentException(
                      "sha256:"
                          + f.digestHex()
                          + " ("
                          + f.size()
                          + " bytes) is not listed in the manifest "
                          + e.decision().manifestDigest());
                }
              }
            });
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
      ApplianceManifest current = manifests.manifest(v, now);
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

  private static Envelope stored(String json) {
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
