package dev.hangar.store.trust;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;

/**
 * The signature schemes Hangar accepts, each with exactly one JDK code path: Ed25519 (RFC 8032,
 * pure, 64-byte signatures) and ECDSA over NIST P-256 with SHA-256 (ASN.1 DER signatures).
 */
public enum SignatureAlgorithm {
  /** Ed25519 over the message itself (the default). */
  ED25519("Ed25519"),
  /** ECDSA on secp256r1 over SHA-256 of the message; signatures are DER SEQUENCE{r, s}. */
  ECDSA_P256_SHA256("SHA256withECDSA");

  private static final ECParameterSpec P256 = p256();

  private final String jcaName;

  SignatureAlgorithm(String jcaName) {
    this.jcaName = jcaName;
  }

  /**
   * Returns the algorithm a public key is used with.
   *
   * @throws IllegalArgumentException for keys of any other type or curve
   */
  public static SignatureAlgorithm of(PublicKey key) {
    if (key instanceof EdECPublicKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
      return ED25519;
    }
    if (key instanceof ECPublicKey ec && isP256(ec.getParams())) {
      return ECDSA_P256_SHA256;
    }
    throw new IllegalArgumentException("unsupported key: " + key.getAlgorithm());
  }

  /** Signs {@code message} with {@code key}, which must belong to this algorithm. */
  public byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance(jcaName);
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("key does not fit " + this, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + jcaName, e);
    }
  }

  /** Returns whether {@code signature} is a valid signature of {@code message} by {@code key}. */
  public boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance(jcaName);
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (SignatureException | InvalidKeyException e) {
      // Malformed signature bytes or a key of another type are simply not a valid signature.
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + jcaName, e);
    }
  }

  static ECParameterSpec p256Parameters() {
    return P256;
  }

  private static boolean isP256(ECParameterSpec spec) {
    return spec.getCurve().equals(P256.getCurve())
        && spec.getGenerator().equals(P256.getGenerator())
        && spec.getOrder().equals(P256.getOrder());
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks secp256r1", e);
    }
  }
}
