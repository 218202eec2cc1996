package dev.hangar.store.trust;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 7468 PEM for Ed25519 and P-256 keys: {@code PUBLIC KEY} (SubjectPublicKeyInfo), {@code
 * PRIVATE KEY} (unencrypted PKCS#8) and {@code CERTIFICATE} (X.509 DER).
 */
public final class Pem {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final List<String> KEY_ALGORITHMS = List.of("Ed25519", "EC");

  private Pem() {}

  /** Encodes a public key as a {@code PUBLIC KEY} block. */
  public static String writePublicKey(PublicKey key) {
    SignatureAlgorithm.of(key);
    return block("PUBLIC KEY", key.getEncoded());
  }

  /** Encodes a private key as an unencrypted PKCS#8 {@code PRIVATE KEY} block. */
  public static String writePrivateKey(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("private key has no PKCS#8 encoding");
    }
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** Encodes certificates as consecutive {@code CERTIFICATE} blocks, in the given order. */
  public static String writeCertificates(List<X509Certificate> chain) {
    StringBuilder out = new StringBuilder();
    for (X509Certificate c : chain) {
      try {
        out.append(block("CERTIFICATE", c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalArgumentException("certificate cannot be DER-encoded", e);
      }
    }
    return out.toString();
  }

  /**
   * Reads the single {@code PUBLIC KEY} block of {@code pem} (Ed25519 or P-256).
   *
   * @throws GeneralSecurityException if there is no such block or it holds another key type
   */
  public static PublicKey readPublicKey(String pem) throws GeneralSecurityException {
    PublicKey key = (PublicKey) decode(single(pem, "PUBLIC KEY"), true);
    SignatureAlgorithm.of(key);
    return key;
  }

  /** Reads the single PKCS#8 {@code PRIVATE KEY} block of {@code pem} (Ed25519 or P-256). */
  public static PrivateKey readPrivateKey(String pem) throws GeneralSecurityException {
    return (PrivateKey) decode(single(pem, "PRIVATE KEY"), false);
  }

  /** Reads every {@code CERTIFICATE} block of {@code pem} in order (leaf first, by convention). */
  public static List<X509Certificate> readCertificates(String pem) throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (byte[] der : blocks(pem, "CERTIFICATE")) {
      out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
    }
    if (out.isEmpty()) {
      throw new CertificateException("no CERTIFICATE block");
    }
    return out;
  }

  private static Object decode(byte[] der, boolean isPublic) throws GeneralSecurityException {
    KeySpec spec = isPublic ? new X509EncodedKeySpec(der) : new PKCS8EncodedKeySpec(der);
    InvalidKeySpecException last = null;
    // The DER names its algorithm; each factory rejects OIDs that are not its own.
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        KeyFactory f = KeyFactory.getInstance(algorithm);
        return isPublic ? f.generatePublic(spec) : f.generatePrivate(spec);
      } catch (InvalidKeySpecException e) {
        last = e;
      }
    }
    throw new InvalidKeySpecException("neither an Ed25519 nor an EC key", last);
  }

  private static byte[] single(String pem, String label) throws InvalidKeySpecException {
    List<byte[]> all = blocks(pem, label);
    if (all.size() != 1) {
      throw new InvalidKeySpecException("expected one " + label + " block, found " + all.size());
    }
    return all.get(0);
  }

  private static List<byte[]> blocks(String pem, String label) {
    List<byte[]> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals(label)) {
        out.add(Base64.getMimeDecoder().decode(m.group(2)));
      }
    }
    return out;
  }

  private static String block(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }
}
