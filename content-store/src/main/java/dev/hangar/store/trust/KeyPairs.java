package dev.hangar.store.trust;

import dev.hangar.store.Digest;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;

/** Generates signing key pairs and derives key ids. */
public final class KeyPairs {

  private KeyPairs() {}

  /** Generates a fresh key pair for {@code algorithm} from the platform's strong random source. */
  public static KeyPair generate(SignatureAlgorithm algorithm) {
    try {
      return switch (algorithm) {
        case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        case ECDSA_P256_SHA256 -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
          g.initialize(new ECGenParameterSpec("secp256r1"));
          yield g.generateKeyPair();
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK cannot generate " + algorithm + " keys", e);
    }
  }

  /**
   * Returns the key id of {@code key}: {@code sha256:<hex>} of its DER SubjectPublicKeyInfo (for
   * P-256, the named-curve form with an uncompressed point, as the JDK encodes it).
   */
  public static String keyId(PublicKey key) {
    if (!"X.509".equals(key.getFormat())) {
      throw new IllegalArgumentException("public key has no SubjectPublicKeyInfo encoding");
    }
    return Digest.of(key.getEncoded()).toString();
  }
}
