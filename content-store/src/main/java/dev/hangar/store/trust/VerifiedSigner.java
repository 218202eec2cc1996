package dev.hangar.store.trust;

import java.util.Objects;
import java.util.Optional;

/**
 * A signature that verified: by a keyring key (then {@link #publisher()} is set), by a key
 * certified by a chain to a configured root (then {@link #identity()} is set), or by a keyring key
 * registered with such a chain (then both are).
 *
 * @param keyId key id of the signing key
 * @param publisher publisher owning the key in the keyring, or {@code null}
 * @param identity certificate identity of the signer, or {@code null}
 */
public record VerifiedSigner(String keyId, String publisher, CertificateIdentity identity) {

  /** Requires a key id and at least one of publisher and identity. */
  public VerifiedSigner {
    Objects.requireNonNull(keyId, "keyId");
    if (publisher == null && identity == null) {
      throw new IllegalArgumentException("a publisher or an identity must be set");
    }
  }

  /** Returns the keyring publisher, if the key came from the keyring. */
  public Optional<String> publisherName() {
    return Optional.ofNullable(publisher);
  }

  /** Returns the certificate identity, if the key came with a chain. */
  public Optional<CertificateIdentity> certificateIdentity() {
    return Optional.ofNullable(identity);
  }
}
