package dev.hangar.marketplace;

import dev.hangar.store.trust.KeyPairs;
import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.SignatureAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test certificate authority: a P-256 root kept in {@code target/} (so the test profile, which
 * points {@code hangar.trust.certificate-roots} at it, and the tests, which issue leaves with it,
 * share one root even across class loaders), and leaf certificates for signing keys.
 */
public final class TestCertificates {
  static final Path ROOT_CERT = Path.of("target", "trust-test-root.pem").toAbsolutePath();
  private static final Path ROOT_KEY = Path.of("target", "trust-test-root.key").toAbsolutePath();

  private TestCertificates() {}

  /** The root certificate's file, created on first use. */
  public static synchronized Path rootFile() {
    try {
      if (!Files.exists(ROOT_CERT) || !Files.exists(ROOT_KEY)) {
        KeyPair root = KeyPairs.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        X509Certificate cert =
            issue("Hangar Trust Test Root", root.getPublic(), null, root.getPrivate(), true, null);
        Files.createDirectories(ROOT_CERT.getParent());
        Files.writeString(ROOT_KEY, Pem.writePrivateKey(root.getPrivate()));
        Files.writeString(ROOT_CERT, Pem.writeCertificates(List.of(cert)));
      }
      return ROOT_CERT;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A leaf certificate for {@code key} with e-mail SAN {@code email}, issued by the root. */
  static X509Certificate leaf(PublicKey key, String email) {
    try {
      rootFile();
      X509Certificate root = Pem.readCertificates(Files.readString(ROOT_CERT)).get(0);
      PrivateKey rootKey = Pem.readPrivateKey(Files.readString(ROOT_KEY));
      return issue("release-bot", key, root, rootKey, false, email);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A leaf for {@code key} under a self-signed root nobody configured. */
  static X509Certificate strangerLeaf(PublicKey key, String email) {
    KeyPair other = KeyPairs.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate otherRoot =
        issue("Somebody Else's Root", other.getPublic(), null, other.getPrivate(), true, null);
    return issue("release-bot", key, otherRoot, other.getPrivate(), false, email);
  }

  private static X509Certificate issue(
      String cn,
      PublicKey subject,
      X509Certificate issuer,
      PrivateKey signer,
      boolean ca,
      String email) {
    try {
      X500Name name = new X500Name("CN=" + cn + ",O=Hangar Test");
      X500Name issuerName =
          issuer == null
              ? name
              : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(System.nanoTime()),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(365))),
              name,
              subject);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      if (email != null) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(new GeneralName(GeneralName.rfc822Name, email)));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (CertIOException | OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }
}
