package dev.hangar.store.trust;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The outcome of checking every signature of an envelope: those that verified (one entry per
 * distinct key) and why each other one did not.
 *
 * @param valid signers whose signatures verified and whose keys were usable at the signature time
 * @param rejected one reason per signature that does not count
 */
public record SignatureCheck(List<VerifiedSigner> valid, List<String> rejected) {

  /** Copies the inputs. */
  public SignatureCheck {
    valid = List.copyOf(valid);
    rejected = List.copyOf(rejected);
  }

  /** Returns the distinct key ids of valid signatures by keyring keys of {@code publisher}. */
  public Set<String> keysOf(String publisher) {
    Set<String> ids = new LinkedHashSet<>();
    for (VerifiedSigner s : valid) {
      if (publisher.equals(s.publisher())) {
        ids.add(s.keyId());
      }
    }
    return ids;
  }
}
