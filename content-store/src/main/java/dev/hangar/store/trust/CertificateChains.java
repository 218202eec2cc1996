package dev.hangar.store.trust;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Validates X.509 chains to configured roots with the JDK's PKIX {@link CertPathValidator} and
 * extracts the leaf's identity. Revocation checking (CRL/OCSP) is off: Hangar revokes signing keys
 * through the {@link PublisherKeyring} instead, and the validator must work offline.
 */
public final class CertificateChains {

  private static final int SAN_RFC822 = 1;
  private static final int SAN_DNS = 2;
  private static final int SAN_URI = 6;
  private static final int KEY_USAGE_DIGITAL_SIGNATURE = 0;

  private CertificateChains() {}

  /**
   * Validates {@code chain} (leaf first, root excluded or included) against {@code roots} as of
   * {@code at} and returns the leaf's identity.
   *
   * @throws UntrustedSignerException if the chain does not lead to a root, a certificate is not
   *     valid at {@code at}, or the leaf may not sign (key usage without digitalSignature)
   */
  public static CertificateIdentity verify(
      List<X509Certificate> chain, Set<X509Certificate> roots, Instant at)
      throws UntrustedSignerException {
    if (chain.isEmpty()) {
      throw new UntrustedSignerException("empty certificate chain");
    }
    if (roots.isEmpty()) {
      throw new UntrustedSignerException("no certificate roots are configured");
    }
    List<X509Certificate> path = new ArrayList<>(chain);
    // PKIX wants the path without its trust anchor.
    path.removeIf(roots::contains);
    try {
      Set<TrustAnchor> anchors = new java.util.HashSet<>();
      for (X509Certificate root : roots) {
        anchors.add(new TrustAnchor(root, null));
      }
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
    } catch (CertPathValidatorException e) {
      throw new UntrustedSignerException("certificate chain rejected: " + e.getMessage(), e);
    } catch (InvalidAlgorithmParameterException | CertificateException e) {
      throw new UntrustedSignerException("certificate chain unusable: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks PKIX validation", e);
    }
    X509Certificate leaf = chain.get(0);
    boolean[] usage = leaf.getKeyUsage();
    if (usage != null && !usage[KEY_USAGE_DIGITAL_SIGNATURE]) {
      throw new UntrustedSignerException("leaf certificate is not allowed to sign");
    }
    return new CertificateIdentity(commonName(leaf), alternativeNames(leaf), leaf.getPublicKey());
  }

  private static String commonName(X509Certificate leaf) throws UntrustedSignerException {
    try {
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
      return "";
    } catch (InvalidNameException e) {
      throw new UntrustedSignerException("unparseable certificate subject", e);
    }
  }

  private static List<String> alternativeNames(X509Certificate leaf)
      throws UntrustedSignerException {
    List<String> names = new ArrayList<>();
    try {
      if (leaf.getSubjectAlternativeNames() == null) {
        return names;
      }
      for (List<?> san : leaf.getSubjectAlternativeNames()) {
        int type = (Integer) san.get(0);
        if (type == SAN_RFC822 || type == SAN_DNS || type == SAN_URI) {
          names.add((String) san.get(1));
        }
      }
      return names;
    } catch (CertificateParsingException e) {
      throw new UntrustedSignerException("unparseable subject alternative names", e);
    }
  }
}
