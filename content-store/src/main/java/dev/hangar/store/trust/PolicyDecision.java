package dev.hangar.store.trust;

import java.util.List;

/**
 * The verdict of a {@link TrustPolicy} on one signed manifest.
 *
 * @param allowed whether the appliance may be deployed (in AUDIT mode also when violations exist)
 * @param enforcement the policy's enforcement level
 * @param appliance {@code publisher/name} of the manifest, or empty if it could not be read
 * @param manifestDigest digest of the manifest payload, or empty if it could not be read
 * @param violations every reason the manifest does not comply, empty if compliant
 * @param trustedBy which signers and attestations satisfied the policy
 */
public record PolicyDecision(
    boolean allowed,
    TrustPolicy.Enforcement enforcement,
    String appliance,
    String manifestDigest,
    List<String> violations,
    List<String> trustedBy) {

  /** Copies the lists. */
  public PolicyDecision {
    violations = List.copyOf(violations);
    trustedBy = List.copyOf(trustedBy);
  }

  /** Returns whether the manifest complies fully (no violations, even in AUDIT mode). */
  public boolean compliant() {
    return violations.isEmpty();
  }
}
