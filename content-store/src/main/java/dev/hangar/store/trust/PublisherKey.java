package dev.hangar.store.trust;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A publisher's signing key and its validity window; optionally registered as an X.509 chain whose
 * leaf certifies the key, in which case a signature counts only while the chain validates to a
 * keyring root at the signature time.
 *
 * @param publisher the publisher the key signs for
 * @param key the public key (Ed25519 or P-256)
 * @param validFrom signatures dated before this instant do not count
 * @param revokedAt signatures dated at or after this instant do not count; {@code null} if the key
 *     is not revoked
 * @param chain X.509 chain, leaf first, whose leaf holds {@code key}; empty for a raw key
 */
public record PublisherKey(
    String publisher,
    PublicKey key,
    Instant validFrom,
    Instant revokedAt,
    List<X509Certificate> chain) {

  /** Validates the fields. */
  public PublisherKey {
    ApplianceManifest.requireName(publisher, "publisher");
    SignatureAlgorithm.of(Objects.requireNonNull(key, "key"));
    Objects.requireNonNull(validFrom, "validFrom");
    if (revokedAt != null && revokedAt.isBefore(validFrom)) {
      throw new IllegalArgumentException("revokedAt precedes validFrom");
    }
    chain = List.copyOf(chain);
    if (!chain.isEmpty() && !chain.get(0).getPublicKey().equals(key)) {
      throw new IllegalArgumentException("the chain's leaf does not certify the key");
    }
  }

  /** A raw key, registered without a certificate chain. */
  public PublisherKey(String publisher, PublicKey key, Instant validFrom, Instant revokedAt) {
    this(publisher, key, validFrom, revokedAt, List.of());
  }

  /** Returns the key id ({@link KeyPairs#keyId}). */
  public String keyId() {
    return KeyPairs.keyId(key);
  }

  /** Returns the revocation time, if the key is revoked. */
  public Optional<Instant> revocation() {
    return Optional.ofNullable(revokedAt);
  }

  /** Returns a copy revoked at {@code at}. */
  public PublisherKey revoked(Instant at) {
    return new PublisherKey(publisher, key, validFrom, at, chain);
  }

  /** Returns why a signature dated {@code time} by this key does not count, or empty if it does. */
  public Optional<String> unusableAt(Instant time) {
    if (time.isBefore(validFrom)) {
      return Optional.of("key " + keyId() + " is valid only from " + validFrom);
    }
    if (revokedAt != null && !time.isBefore(revokedAt)) {
      return Optional.of("key " + keyId() + " was revoked at " + revokedAt);
    }
    return Optional.empty();
  }
}
