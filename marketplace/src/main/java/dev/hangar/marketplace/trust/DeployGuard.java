package dev.hangar.marketplace.trust;

import dev.hangar.deployer.BootGate;
import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.FreshnessGuard;
import dev.hangar.store.trust.MalformedMetadataException;
import dev.hangar.store.trust.MixAndMatchException;
import dev.hangar.store.trust.PolicyDecision;
import dev.hangar.store.trust.PublisherKeyring;
import dev.hangar.store.trust.RevokedSignerException;
import dev.hangar.store.trust.SignatureCheck;
import dev.hangar.store.trust.ThresholdNotMetException;
import dev.hangar.store.trust.TrustException;
import dev.hangar.store.trust.TrustPolicy;
import dev.hangar.store.trust.UntrustedSignerException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The deployer's side of TUF-style freshness: before a deployment is accepted, before it is staged
 * and once more right before its domain is defined, the version's pinned manifest must come with
 * the marketplace's current signed timestamp and snapshot and pass a {@link FreshnessGuard} holding
 * the node's rollback state, its signers must satisfy the site policy, and every file and the
 * command line the deployment boots must be the manifest's.
 *
 * <p>Under a STRICT policy a failed check refuses ({@link UntrustedContentException}, naming the
 * attack); under AUDIT it is returned as a note for the audit log. Only the check before staging
 * records the node's state ({@link FreshnessGuard#admit}); the others only verify.
 */
@ApplicationScoped
public class DeployGuard {
  private final CatalogSigner catalog;
  private final CatalogKey catalogKey;
  private final KeyService keys;
  private final SitePolicy site;
  private final TrustRepositories.Manifests pinned;
  private final TrustRepositories.Signatures signatures;
  private final TrustRepositories.Attestations attestations;
  private final TrustRepositories.Freshness freshness;
  private final EntityManager em;
  private final ConcurrentMap<String, Object> nodeLocks = new ConcurrentHashMap<>();

  public DeployGuard(
      CatalogSigner catalog,
      CatalogKey catalogKey,
      KeyService keys,
      SitePolicy site,
      TrustRepositories.Manifests pinned,
      TrustRepositories.Signatures signatures,
      TrustRepositories.Attestations attestations,
      TrustRepositories.Freshness freshness,
      EntityManager em) {
    this.catalog = catalog;
    this.catalogKey = catalogKey;
    this.keys = keys;
    this.site = site;
    this.pinned = pinned;
    this.signatures = signatures;
    this.attestations = attestations;
    this.freshness = freshness;
    this.em = em;
  }

  /** A file a deployment stages: its digest ({@code sha256:<hex>}) and size in bytes. */
  public record Artifact(String digest, long size) {}

  /**
   * What a deployment boots, taken from the catalog rows, to be matched against the manifest: the
   * command line, the staged files and the components applied to the seed.
   */
  public record BootFiles(String cmdline, List<Artifact> files, List<String> components) {
    /** Copies the lists. */
    public BootFiles {
      files = List.copyOf(files);
      components = List.copyOf(components);
    }
  }

  /** Everything the guard looks at, read in one transaction. */
  private record Material(
      String version,
      Envelope timestamp,
      Envelope snapshot,
      Envelope manifest,
      List<Envelope> attestations,
      TrustPolicy policy,
      PublisherKeyring keyring) {}

  /**
   * Checks a deployment request for {@code v} on {@code node}, recording nothing; call inside the
   * request's transaction.
   *
   * @return a note for the audit log if AUDIT let a failure through, else null
   * @throws UntrustedContentException under STRICT, naming the attack
   */
  public String checkRequest(ApplianceVersion v, String node, BootFiles files) {
    return verify(material(v), node, files, false);
  }

  /**
   * Admits deployment {@code deploymentId} before anything is staged and records the node's new
   * freshness state.
   *
   * @return a note for the audit log if AUDIT let a failure through, else null
   * @throws UntrustedContentException under STRICT, naming the attack
   */
  public String admit(UUID deploymentId, String node, BootFiles files) {
    return verify(material(deploymentId), node, files, true);
  }

  /**
   * A gate that re-checks deployment {@code deploymentId} with the metadata, keys and policy
   * current at boot time (a key revoked or metadata expired since admission refuses the boot).
   */
  public BootGate gate(UUID deploymentId, String node, BootFiles files) {
    return plan -> verify(material(deploymentId), node, files, false);
  }

  private String verify(Material m, String node, BootFiles files, boolean record) {
    TrustPolicy.Enforcement enforcement = m.policy().enforcement();
    try {
      requireListed(m, files);
      FreshnessGuard guard =
          new FreshnessGuard(
              m.keyring(),
              CatalogKey.KEYRING_NAME,
              new DbFreshnessStore(freshness, node),
              Clock.systemUTC(),
              (envelope, manifest, keyring) -> signers(m, envelope, manifest, keyring));
      synchronized (nodeLocks.computeIfAbsent(node, n -> new Object())) {
        if (record) {
          guard.admit(m.timestamp(), m.snapshot(), m.manifest());
        } else {
          guard.check(m.timestamp(), m.snapshot(), m.manifest());
        }
        return null;
      }
    } catch (TrustException e) {
      String message = m.version() + ": " + e.getMessage();
      if (enforcement == TrustPolicy.Enforcement.AUDIT) {
        return "trust check failed (AUDIT, " + e.reason() + "): " + message;
      }
      throw new UntrustedContentException(e.reason(), message);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or record the freshness state of " + node, e);
    }
  }

  /**
   * Mix-and-match below the manifest: every staged file, the command line and the components must
   * be its own.
   */
  private static void requireListed(Material m, BootFiles files)
      throws MalformedMetadataException, MixAndMatchException {
    ApplianceManifest manifest = ApplianceManifest.parse(m.manifest().payload());
    for (Artifact a : files.files()) {
      Digest digest = Digest.parse(a.digest());
      if (manifest.sizeOf(digest).filter(size -> size == a.size()).isEmpty()) {
        throw new MixAndMatchException(
            a.digest()
                + " ("
                + a.size()
                + " bytes) is not part of the signed manifest "
                + manifest.digest());
      }
    }
    if (!manifest.boot().cmdline().equals(files.cmdline())) {
      throw new MixAndMatchException(
          "the kernel command line differs from the signed manifest " + manifest.digest());
    }
    if (!manifest.components().equals(files.components())) {
      throw new MixAndMatchException(
          "the components "
              + files.components()
              + " differ from the signed manifest "
              + manifest.digest()
              + "'s "
              + manifest.components());
    }
  }

  /**
   * The site policy decides about manifest signers; a refusal is classified by what the keyring
   * says about the publisher's own keys (revoked, too few, or none) and names the violations.
   */
  private static SignatureCheck signers(
      Material m, Envelope envelope, ApplianceManifest manifest, PublisherKeyring keyring)
      throws TrustException {
    PolicyDecision d = m.policy().evaluate(envelope, m.attestations(), keyring, Instant.now());
    if (d.compliant() || m.policy().enforcement() == TrustPolicy.Enforcement.AUDIT) {
      return keyring.check(envelope, manifest.issuedAt());
    }
    String why =
        "cannot deploy: the "
            + d.enforcement()
            + " trust policy refuses the signed manifest: "
            + (envelope.signatures().isEmpty() ? "the version has no signature; " : "")
            + String.join("; ", d.violations());
    try {
      keyring.requirePublisher(envelope, manifest.publisher(), manifest.issuedAt());
    } catch (RevokedSignerException e) {
      throw new RevokedSignerException(why);
    } catch (ThresholdNotMetException e) {
      throw new ThresholdNotMetException(why);
    } catch (UntrustedSignerException e) {
      // Classified below: no key of the publisher counts.
    }
    throw new UntrustedSignerException(why);
  }

  private Material material(UUID deploymentId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                material(
                    em.createQuery(
                            "select d.version from Deployment d where d.id = :id",
                            ApplianceVersion.class)
                        .setParameter("id", deploymentId)
                        .getSingleResult()));
  }

  private Material material(ApplianceVersion v) {
    String name = TrustService.name(v);
    CatalogSigner.Signed signed = catalog.current();
    VersionManifest pin = pinned.findById(v.id);
    if (pin == null && v.status != null && v.publishedAt != null) {
      // Published before versions were pinned: signing the catalog pins it.
      catalog.reissue();
      signed = catalog.current();
      pin = pinned.findById(v.id);
    }
    if (pin == null) {
      throw new UntrustedContentException(
          "mix-and-match", name + " has no pinned manifest: it was never published");
    }
    byte[] payload = pin.payload.getBytes(StandardCharsets.UTF_8);
    List<Envelope.Signature> sigs = new ArrayList<>();
    for (VersionSignature s : signatures.of(v.id)) {
      Envelope e = TrustService.stored(s.envelope);
      if (s.manifestDigest.equals(pin.manifestDigest)
          && java.util.Arrays.equals(e.payload(), payload)) {
        sigs.addAll(e.signatures());
      }
    }
    List<Envelope> statements = new ArrayList<>();
    for (VersionAttestation a : attestations.of(v.id)) {
      statements.add(TrustService.stored(a.envelope));
    }
    return new Material(
        name,
        signed.timestamp(),
        signed.snapshot(),
        new Envelope(ApplianceManifest.PAYLOAD_TYPE, payload, sigs),
        statements,
        site.policyFor(v.appliance.publisher.name),
        keys.keyring().withKey(catalogKey.asKeyringKey()));
  }
}
