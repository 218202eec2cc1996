package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.store.trust.TrustPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The site's trust policy: the file named by {@code hangar.trust.policy-file}, read once at start
 * (a file that does not parse stops the service rather than weakening trust), or the built-in
 * default.
 *
 * <p>The default is AUDIT with one rule per publisher, {@code <publisher>/*} signed by {@code
 * <publisher>}'s registered keys. Publishers come and go, so the rule is made for the publisher in
 * question at evaluation time; this is the same as listing a rule for every publisher.
 */
@ApplicationScoped
public class SitePolicy {
  private final Optional<Path> file;
  private final Optional<TrustPolicy> configured;

  public SitePolicy(HangarConfig config) {
    this.file = config.trust().policyFile();
    this.configured = file.map(SitePolicy::load);
  }

  private static TrustPolicy load(Path file) {
    try {
      return TrustPolicy.load(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trust policy " + file, e);
    }
  }

  /** Returns the policy that applies to the appliances of {@code publisher}. */
  public TrustPolicy policyFor(String publisher) {
    return configured.orElseGet(() -> defaultFor(List.of(publisher)));
  }

  /** Returns the policy as a whole, the default one spelled out for {@code publishers}. */
  public TrustPolicy policy(List<String> publishers) {
    return configured.orElseGet(() -> defaultFor(publishers));
  }

  /** Where the policy comes from: the file's path, or {@code built-in default}. */
  public String source() {
    return file.map(Path::toString).orElse("built-in default");
  }

  private static TrustPolicy defaultFor(List<String> publishers) {
    return new TrustPolicy(
        TrustPolicy.Enforcement.AUDIT,
        publishers.stream()
            .map(
                p ->
                    new TrustPolicy.Rule(
                        p + "/*", new TrustPolicy.Signers(List.of(p), null, null), null, null))
            .toList());
  }
}
