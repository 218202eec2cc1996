package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.store.trust.Pem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The X.509 roots of {@code hangar.trust.certificate-roots}, read once at start; a file that does
 * not parse stops the service rather than silently trusting fewer (or other) roots.
 */
@ApplicationScoped
public class CertificateRoots {
  private final Set<X509Certificate> roots;

  public CertificateRoots(HangarConfig config) {
    Set<X509Certificate> all = new HashSet<>();
    for (Path file : config.trust().certificateRoots().orElse(List.of())) {
      try {
        all.addAll(Pem.readCertificates(Files.readString(file)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read certificate roots " + file, e);
      } catch (CertificateException e) {
        throw new IllegalStateException("certificate roots " + file + " do not parse", e);
      }
    }
    this.roots = Set.copyOf(all);
  }

  /** The trusted roots (empty if none are configured). */
  public Set<X509Certificate> roots() {
    return roots;
  }
}
