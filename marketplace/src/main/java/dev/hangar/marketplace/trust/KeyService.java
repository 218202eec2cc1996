package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.audit.AuditLog;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.publisher.Publisher;
import dev.hangar.marketplace.publisher.PublisherRepository;
import dev.hangar.marketplace.trust.TrustApi.KeyDto;
import dev.hangar.store.trust.KeyPairs;
import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.PublisherKey;
import dev.hangar.store.trust.PublisherKeyring;
import dev.hangar.store.trust.SignatureAlgorithm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  public KeyService(TrustRepositories.Keys keys, PublisherRepository publishers, AuditLog audit) {
    this.keys = keys;
    this.publishers = publishers;
    this.audit = audit;
  }

  /**
   * Registers a PEM {@code PUBLIC KEY} (Ed25519 or ECDSA P-256) for {@code publisherName}.
   *
   * @throws ApiException 400 if the PEM is not such a key, 409 if the key is already registered
   */
  @Transactional
  public KeyDto register(Caller caller, String publisherName, String pem) {
    Publisher publisher = owned(caller, publisherName);
    PublicKey key;
    try {
      key = Pem.readPublicKey(pem == null ? "" : pem);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw ApiException.badField(
          "publicKey", "must be one PEM PUBLIC KEY, Ed25519 or ECDSA P-256: " + e.getMessage());
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
    r.validFrom = nowSeconds();
    r.registeredBy = caller.name();
    keys.persist(r);
    audit.record(caller, "register-key", "publisher", publisher.name, keyId);
    return dto(r);
  }

  /** The keys of a publisher, oldest first, revoked ones included. */
  @Transactional
  public List<KeyDto> list(String publisherName) {
    return keys.of(publisher(publisherName).id).stream().map(KeyService::dto).toList();
  }

  /**
   * Revokes a key as of now; revoking a revoked key keeps the first revocation time.
   *
   * @throws ApiException 404 if the publisher has no such key
   */
  @Transactional
  public KeyDto revoke(Caller caller, String publisherName, String keyId) {
    Publisher publisher = owned(caller, publisherName);
    PublisherKeyRecord r =
        keys.findByIdOptional(keyId)
            .filter(k -> k.publisher.id.equals(publisher.id))
            .orElseThrow(() -> ApiException.notFound("key " + keyId + " of " + publisherName));
    if (r.revokedAt == null) {
      OffsetDateTime now = nowSeconds();
      r.revokedAt = now.isBefore(r.validFrom) ? r.validFrom : now;
      audit.record(caller, "revoke-key", "publisher", publisher.name, keyId);
    }
    return dto(r);
  }

  /** The keyring of every registered key (threshold 1 per publisher, no certificate roots). */
  @Transactional
  public PublisherKeyring keyring() {
    return new PublisherKeyring(
        keys.all().stream().map(KeyService::key).toList(), Map.of(), Set.of());
  }

  private static PublisherKey key(PublisherKeyRecord r) {
    try {
      return new PublisherKey(
          r.publisher.name,
          Pem.readPublicKey(r.publicKeyPem),
          r.validFrom.toInstant(),
          r.revokedAt == null ? null : r.revokedAt.toInstant());
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

  private static KeyDto dto(PublisherKeyRecord r) {
    return new KeyDto(
        r.keyId, r.publisher.name, r.algorithm, r.publicKeyPem, r.validFrom, r.revokedAt);
  }
}
