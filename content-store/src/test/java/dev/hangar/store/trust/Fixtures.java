package dev.hangar.store.trust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.store.Digest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Real manifests, bytes and X.509 chains for the trust tests. */
final class Fixtures {

  static final Instant ISSUED = Instant.parse("2025-03-01T12:00:00Z");

  private Fixtures() {}

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static ApplianceManifest manifest(String version, byte[] rootfs, byte[] template) {
    ObjectNode schema = Json.object();
    schema.put("type", "object");
    schema.putObject("properties").putObject("hostname").put("type", "string");
    return new ApplianceManifest(
        "acme",
        "hello",
        SemVer.parse(version),
        "stable",
        List.of(
            new ApplianceManifest.Partition(0, "root", "ext4", Digest.of(rootfs), rootfs.length)),
        new ApplianceManifest.Boot(
            new ApplianceManifest.Artifact(Digest.of(bytes("kernel")), 6),
            new ApplianceManifest.Artifact(Digest.of(bytes("initrd")), 6),
            "console=ttyS0 root=/dev/vda"),
        new ApplianceManifest.Requirements("x86_64", 1, 256),
        schema,
        Map.of("user-data", Digest.of(template)),
        ISSUED);
  }

  static ApplianceManifest manifest(String version) {
    return manifest(version, bytes("root file system of " + version), bytes("#cloud-config\n"));
  }

  static Envelope signed(ApplianceManifest m, SigningKey... keys) {
    return Envelope.of(ApplianceManifest.PAYLOAD_TYPE, m.toCanonicalJson()).signedBy(keys);
  }

  static SigningKey key(SignatureAlgorithm alg) {
    return SigningKey.of(KeyPairs.generate(alg));
  }

  /** A CA certificate (P-256) issued by {@code issuer} or self-signed when issuer is null. */
  static X509Certificate ca(String cn, KeyPair subject, X509Certificate issuer, PrivateKey signer)
      throws Exception {
    return issue(
        cn,
        subject.getPublic(),
        issuer,
        signer,
        true,
        List.of(),
        ISSUED.minusSeconds(86400),
        ISSUED.plusSeconds(365 * 86400L));
  }

  static X509Certificate issue(
      String cn,
      PublicKey subject,
      X509Certificate issuer,
      PrivateKey signer,
      boolean ca,
      List<String> emails,
      Instant from,
      Instant to)
      throws Exception {
    X500Name subjectName = new X500Name("CN=" + cn + ",O=Hangar Test");
    X500Name issuerName =
        issuer == null
            ? subjectName
            : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuerName,
            BigInteger.valueOf(System.nanoTime()),
            Date.from(from),
            Date.from(to),
            subjectName,
            subject);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
    if (!emails.isEmpty()) {
      GeneralName[] names =
          emails.stream()
              .map(e -> new GeneralName(GeneralName.rfc822Name, e))
              .toArray(GeneralName[]::new);
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }
}
