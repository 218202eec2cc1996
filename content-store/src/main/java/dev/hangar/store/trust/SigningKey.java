package dev.hangar.store.trust;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key able to sign DSSE envelopes, with its public key and, optionally, an X.509 chain
 * (leaf first) that is attached to each signature so verifiers can check a certificate identity.
 *
 * @param privateKey the signing key (never logged or serialized by this package)
 * @param publicKey the matching public key
 * @param chain certificate chain whose leaf certifies {@code publicKey}, or empty
 */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey, List<X509Certificate> chain) {

  /** Validates that the chain, if any, certifies the public key. */
  public SigningKey {
    Objects.requireNonNull(privateKey, "privateKey");
    SignatureAlgorithm.of(Objects.requireNonNull(publicKey, "publicKey"));
    chain = List.copyOf(chain);
    if (!chain.isEmpty() && !chain.get(0).getPublicKey().equals(publicKey)) {
      throw new IllegalArgumentException("the leaf certificate does not certify this key");
    }
  }

  /** Wraps a key pair without certificates. */
  public static SigningKey of(KeyPair pair) {
    return new SigningKey(pair.getPrivate(), pair.getPublic(), List.of());
  }

  /** Returns this key with {@code chain} (leaf first) attached. */
  public SigningKey withChain(List<X509Certificate> chain) {
    return new SigningKey(privateKey, publicKey, chain);
  }

  /** Returns the algorithm this key signs with. */
  public SignatureAlgorithm algorithm() {
    return SignatureAlgorithm.of(publicKey);
  }

  /** Returns the key id ({@link KeyPairs#keyId}). */
  public String keyId() {
    return KeyPairs.keyId(publicKey);
  }

  @Override
  public String toString() {
    return "SigningKey[" + keyId() + ", " + algorithm() + "]";
  }
}
