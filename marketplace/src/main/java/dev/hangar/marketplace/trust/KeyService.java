package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.CatalogChanges;
import dev.hangar.marketplace.audit.AuditLog;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.publisher.Publisher;
import dev.hangar.marketplace.publisher.PublisherRepository;
import dev.hangar.marketplace.trust.TrustApi.KeyDto;
import dev.hangar.marketplace.trust.TrustApi.ThresholdDto;
import dev.hangar.store.trust.CertificateChains;
import dev.hangar.store.trust.KeyPairs;
import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.PublisherKey;
import dev.hangar.store.trust.PublisherKeyring;
import dev.hangar.store.trust.SignatureAlgorithm;
import dev.hangar.store.trust.UntrustedSignerException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Publisher signing keys: registered by the publisher's own users or an administrator, listed to
 * anyone (they are public keys), revoked but never deleted.
 *
 * <p>Times are whole seconds, like a manifest's {@code issuedAt}: a key registered in second S
 * counts for manifests issued from S on, and a key revoked in second R stops counting for manifests
 * issued in R or later.
 */
@ApplicationScoped
public class KeyService {
  private final TrustRepositories.Keys keys;
  private final PublisherRepository publishers;
  private final AuditLog audit;
  private final TrustRepositories.Thresholds thresholds;
  private final CertificateRoots roots;
  private final CatalogChanges changes;

  public KeyService(
      TrustRepositories.Keys keys,
      PublisherRepository publishers,
      AuditLog audit,
      TrustRepositories.Thresholds thresholds,
      CertificateRoots roots,
      CatalogChanges changes) {
    this.changes = changes;
    this.thresholds = thresholds;
    this.roots = roots;
    this.keys = keys;
    this.publishers = publishers;
    this.audit = audit;
  }

  /**
   * Registers a PEM {@code PUBLIC KEY} (Ed25519 or ECDSA P-256) for {@code publisherName}, or an
   * X.509 chain of PEM {@code CERTIFICATE} blocks (leaf first) whose leaf holds such a key; a chain
   * must validate now to one of the site's certificate roots.
   *
   * @throws ApiException 400 if the PEM is not such a key or chain, 409 if the key is already
   *     registered
   */
  @Transactional
  public KeyDto register(Caller caller, String publisherName, String pem) {
    Publisher publisher = owned(caller, publisherName);
    String text = pem == null ? "" : pem;
    List<X509Certificate> chain = List.of();
    PublicKey key;
    try {
      if (text.contains("-----BEGIN CERTIFICATE-----")) {
        chain = Pem.readCertificates(text);
        key = chain.get(0).getPublicKey();
        SignatureAlgorithm.of(key);
        CertificateChains.verify(chain, roots.roots(), Instant.now());
      } else {
        key = Pem.readPublicKey(text);
      }
    } catch (UntrustedSignerException e) {
      throw ApiException.badField("publicKey", "certificate chain not trusted: " + e.getMessage());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw ApiException.badField(
          "publicKey",
          "must be one PEM PUBLIC KEY or a PEM CERTIFICATE chain, Ed25519 or ECDSA P-256: "
              + e.getMessage());
    }
    String keyId = KeyPairs.keyId(key);
    if (keys.findByIdOptional(keyId).isPresent()) {
      throw ApiException.conflict("key " + keyId + " is already registered");
    }
    PublisherKeyRecord r = new PublisherKeyRecord();
    r.keyId = keyId;
    r.publisher = publisher;
    r.algorithm = SignatureAlgorithm.of(key).name();
    r.publicKeyPem = Pem.writePublicKey(key);
    r.certificateChain = chain.isEmpty() ? null : Pem.writeCertificates(chain);
    r.validFrom = nowSeconds();
    r.registeredBy = caller.name();
    keys.persist(r);
    audit.record(caller, "register-key", "publisher", publisher.name, keyId);
    changes.changed(); // trust verdicts, hence the signed/trusted search filters
    return dto(r);
  }

  /** The keys of a publisher, oldest first, revoked ones included. */
  @Transactional
  public List<KeyDto> list(String publisherName) {
    return keys.of(publisher(publisherName).id).stream().map(KeyService::dto).toList();
  }

  /**
   * Revokes a key as of {@code at} (whole seconds; now if null), which may lie in the past (the key
   * was compromised earlier) but not before the key's validFrom or in the future. Revoking a
   * revoked key again may only move its revocation earlier.
   *
   * @throws ApiException 404 if the publisher has no such key, 400 for a time out of range
   */
  @Transactional
  public KeyDto revoke(Caller caller, String publisherName, String keyId, Instant at) {
    Publisher publisher = owned(caller, publisherName);
    PublisherKeyRecord r =
        keys.findByIdOptional(keyId)
            .filter(k -> k.publisher.id.equals(publisher.id))
            .orElseThrow(() -> ApiException.notFound("key " + keyId + " of " + publisherName));
    OffsetDateTime now = nowSeconds();
    OffsetDateTime when;
    if (at == null) {
      when = now.isBefore(r.validFrom) ? r.validFrom : now;
    } else {
      when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
      if (when.isAfter(now) || when.isBefore(r.validFrom)) {
        throw ApiException.badField(
            "revokedAt", "must lie between the key's validFrom " + r.validFrom + " and now");
      }
    }
    if (r.revokedAt == null || when.isBefore(r.revokedAt)) {
      r.revokedAt = when;
      audit.record(caller, "revoke-key", "publisher", publisher.name, keyId + " as of " + when);
      changes.changed(); // trust verdicts, hence the signed/trusted search filters
    }
    return dto(r);
  }

  /**
   * Sets how many distinct registered keys of the publisher must sign a manifest (k of n).
   *
   * @throws ApiException 400 unless {@code threshold} ≥ 1
   */
  @Transactional
  public ThresholdDto setThreshold(Caller caller, String publisherName, int threshold) {
    Publisher publisher = owned(caller, publisherName);
    if (threshold < 1) {
      throw ApiException.badField("threshold", "must be at least 1");
    }
    PublisherThreshold row = thresholds.findById(publisher.id);
    if (row == null) {
      row = new PublisherThreshold();
      row.publisherId = publisher.id;
      row.threshold = threshold;
      thresholds.persist(row);
    }
    row.threshold = threshold;
    audit.record(caller, "set-threshold", "publisher", publisher.name, "k=" + threshold);
    changes.changed(); // trust verdicts, hence the signed/trusted search filters
    return threshold(publisherName);
  }

  /** The publisher's signature threshold and how many of its keys are not revoked. */
  @Transactional
  public ThresholdDto threshold(String publisherName) {
    Publisher publisher = publisher(publisherName);
    int k = thresholds.findByIdOptional(publisher.id).map(t -> t.threshold).orElse(1);
    long active = keys.of(publisher.id).stream().filter(r -> r.revokedAt == null).count();
    return new ThresholdDto(publisher.name, k, (int) active);
  }

  /** The keyring of every registered key with each publisher's threshold (default 1). */
  @Transactional
  public PublisherKeyring keyring() {
    Map<String, Integer> k = new HashMap<>();
    for (PublisherThreshold t : thresholds.listAll()) {
      k.put(publishers.findById(t.publisherId).name, t.threshold);
    }
    return new PublisherKeyring(
        keys.all().stream().map(KeyService::key).toList(), k, roots.roots());
  }

  private static PublisherKey key(PublisherKeyRecord r) {
    try {
      return new PublisherKey(
          r.publisher.name,
          Pem.readPublicKey(r.publicKeyPem),
          r.validFrom.toInstant(),
          r.revokedAt == null ? null : r.revokedAt.toInstant(),
          chain(r));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored key " + r.keyId + " no longer parses", e);
    }
  }

  private Publisher owned(Caller caller, String publisherName) {
    Publisher publisher = publisher(publisherName);
    if (!caller.actsFor(publisher.id)) {
      throw ApiException.forbidden("only publisher '" + publisherName + "' may manage its keys");
    }
    return publisher;
  }

  private Publisher publisher(String name) {
    return publishers
        .findByName(name)
        .orElseThrow(() -> ApiException.notFound("publisher " + name));
  }

  private static OffsetDateTime nowSeconds() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
  }

  private static List<X509Certificate> chain(PublisherKeyRecord r) {
    try {
      return r.certificateChain == null ? List.of() : Pem.readCertificates(r.certificateChain);
    } catch (CertificateException e) {
      throw new IllegalStateException("stored chain of key " + r.keyId + " no longer parses", e);
    }
  }

  private static KeyDto dto(PublisherKeyRecord r) {
    List<String> identity = List.of();
    List<X509Certificate> chain = chain(r);
    if (!chain.isEmpty()) {
      identity = new ArrayList<>();
      identity.add(chain.get(0).getSubjectX500Principal().getName());
      try {
        if (chain.get(0).getSubjectAlternativeNames() != null) {
          for (List<?> san : chain.get(0).getSubjectAlternativeNames()) {
            identity.add(String.valueOf(san.get(1)));
          }
        }
      } catch (CertificateParsingException e) {
        throw new IllegalStateException("stored chain of key " + r.keyId + " has bad names", e);
      }
    }
    return new KeyDto(
        r.keyId,
        r.publisher.name,
        r.algorithm,
        r.publicKeyPem,
        r.validFrom,
        r.revokedAt,
        r.certificateChain,
        identity);
  }
}
