package dev.hangar.store.trust;

import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * Who a verified certificate chain names: the leaf's subject common name and subject alternative
 * names (DNS names, URIs and e-mail addresses), with the leaf's public key.
 *
 * @param commonName subject CN, or empty if the subject has none
 * @param alternativeNames SAN values of types DNS, URI and rfc822Name
 * @param publicKey the leaf's public key, which then verifies signatures
 */
public record CertificateIdentity(
    String commonName, List<String> alternativeNames, PublicKey publicKey) {

  /** Copies the inputs. */
  public CertificateIdentity {
    Objects.requireNonNull(commonName, "commonName");
    alternativeNames = List.copyOf(alternativeNames);
    Objects.requireNonNull(publicKey, "publicKey");
  }

  /** Returns the CN (if any) followed by every SAN: the names a policy pattern may match. */
  public List<String> names() {
    List<String> all = new java.util.ArrayList<>();
    if (!commonName.isEmpty()) {
      all.add(commonName);
    }
    all.addAll(alternativeNames);
    return all;
  }
}
