package dev.hangar.store.trust;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys each publisher signs with, a k-of-n threshold per publisher, and the X.509 roots that
 * certificate-carrying signatures must chain to. Immutable; {@code with*} methods return copies.
 *
 * <p>A signature counts only if its key is in the keyring, the signature time is in {@code
 * [validFrom, revokedAt)} and it verifies. The signature time is the time the signed document
 * states (for manifests {@link ApplianceManifest#issuedAt()}, which is inside the signed payload);
 * Hangar has no trusted timestamping authority, so a stolen key could backdate a manifest. That is
 * contained by the catalog snapshot: the marketplace lists a manifest digest only after checking
 * its signatures against the keys valid at admission, and {@link FreshnessGuard} admits only listed
 * manifests.
 */
public final class PublisherKeyring {

  private final Map<String, PublisherKey> keys;
  private final Map<String, Integer> thresholds;
  private final Set<X509Certificate> roots;

  /**
   * Creates a keyring.
   *
   * @param keys publisher keys (key ids must be distinct)
   * @param thresholds minimum number of distinct valid keys per publisher (default 1)
   * @param roots trust anchors for certificate chains
   */
  public PublisherKeyring(
      Collection<PublisherKey> keys, Map<String, Integer> thresholds, Set<X509Certificate> roots) {
    Map<String, PublisherKey> byId = new LinkedHashMap<>();
    for (PublisherKey k : keys) {
      if (byId.put(k.keyId(), k) != null) {
        throw new IllegalArgumentException("duplicate key " + k.keyId());
      }
    }
    thresholds.forEach(
        (publisher, k) -> {
          if (k < 1) {
            throw new IllegalArgumentException("threshold of " + publisher + " must be >= 1");
          }
        });
    this.keys = Map.copyOf(byId);
    this.thresholds = Map.copyOf(thresholds);
    this.roots = Set.copyOf(roots);
  }

  /** Returns a keyring with no keys and no roots. */
  public static PublisherKeyring empty() {
    return new PublisherKeyring(List.of(), Map.of(), Set.of());
  }

  /** Returns a copy with {@code key} added (or replacing the key with the same id). */
  public PublisherKeyring withKey(PublisherKey key) {
    Map<String, PublisherKey> copy = new HashMap<>(keys);
    copy.put(key.keyId(), key);
    return new PublisherKeyring(copy.values(), thresholds, roots);
  }

  /** Returns a copy in which the key {@code keyId} is revoked at {@code at}. */
  public PublisherKeyring withRevocation(String keyId, Instant at) {
    PublisherKey key = keys.get(keyId);
    if (key == null) {
      throw new IllegalArgumentException("unknown key " + keyId);
    }
    return withKey(key.revoked(at));
  }

  /** Returns a copy requiring {@code k} distinct valid keys of {@code publisher}. */
  public PublisherKeyring withThreshold(String publisher, int k) {
    Map<String, Integer> copy = new HashMap<>(thresholds);
    copy.put(publisher, k);
    return new PublisherKeyring(keys.values(), copy, roots);
  }

  /** Returns a copy that also trusts chains ending at {@code root}. */
  public PublisherKeyring withRoot(X509Certificate root) {
    Set<X509Certificate> copy = new HashSet<>(roots);
    copy.add(root);
    return new PublisherKeyring(keys.values(), thresholds, copy);
  }

  /** Returns the key with id {@code keyId}, if present. */
  public Optional<PublisherKey> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  /** Returns the number of distinct valid keys required for {@code publisher} (default 1). */
  public int threshold(String publisher) {
    return thresholds.getOrDefault(publisher, 1);
  }

  /** Returns the certificate roots. */
  public Set<X509Certificate> roots() {
    return roots;
  }

  /** Checks every signature of {@code envelope} as of the signature time {@code time}. */
  public SignatureCheck check(Envelope envelope, Instant time) {
    byte[] pae = envelope.pae();
    Map<String, VerifiedSigner> valid = new LinkedHashMap<>();
    List<String> rejected = new ArrayList<>();
    for (Envelope.Signature sig : envelope.signatures()) {
      PublisherKey key = keys.get(sig.keyid());
      if (key == null && !sig.certificates().isEmpty()) {
        certified(sig, pae, time, valid, rejected);
        continue;
      }
      if (key == null) {
        rejected.add("unknown key " + sig.keyid());
        continue;
      }
      Optional<String> unusable = key.unusableAt(time);
      if (unusable.isPresent()) {
        rejected.add(unusable.get());
        continue;
      }
      CertificateIdentity identity = null;
      if (!key.chain().isEmpty()) {
        // A key registered as a chain counts only while the chain validates at the signing time.
        try {
          identity = CertificateChains.verify(key.chain(), roots, time);
        } catch (UntrustedSignerException e) {
          rejected.add("key " + sig.keyid() + ": " + e.getMessage());
          continue;
        }
      }
      if (!SignatureAlgorithm.of(key.key()).verify(key.key(), pae, sig.sig())) {
        rejected.add("bad signature by key " + sig.keyid());
      } else {
        valid.putIfAbsent(sig.keyid(), new VerifiedSigner(sig.keyid(), key.publisher(), identity));
      }
    }
    return new SignatureCheck(new ArrayList<>(valid.values()), rejected);
  }

  /** A signature that brings its own chain, by a key that is not in the keyring. */
  private void certified(
      Envelope.Signature sig,
      byte[] pae,
      Instant time,
      Map<String, VerifiedSigner> valid,
      List<String> rejected) {
    try {
      CertificateIdentity id = CertificateChains.verify(sig.certificates(), roots, time);
      if (!sig.keyid().equals(KeyPairs.keyId(id.publicKey()))) {
        rejected.add("keyid " + sig.keyid() + " does not match its leaf certificate");
      } else if (!SignatureAlgorithm.of(id.publicKey()).verify(id.publicKey(), pae, sig.sig())) {
        rejected.add("bad signature by certificate " + id.names());
      } else {
        valid.putIfAbsent(sig.keyid(), new VerifiedSigner(sig.keyid(), null, id));
      }
    } catch (UntrustedSignerException e) {
      rejected.add(e.getMessage());
    } catch (IllegalArgumentException e) {
      rejected.add("certificate key unsupported: " + e.getMessage());
    }
  }

  /**
   * Requires at least {@link #threshold} distinct keys of {@code publisher} to have validly signed
   * {@code envelope} as of {@code time}.
   *
   * @throws UntrustedSignerException if no key of the publisher counts (unknown or revoked signer)
   * @throws ThresholdNotMetException if some, but fewer than the threshold, count
   */
  public SignatureCheck requirePublisher(Envelope envelope, String publisher, Instant time)
      throws UntrustedSignerException, ThresholdNotMetException {
    SignatureCheck check = check(envelope, time);
    int count = check.keysOf(publisher).size();
    int needed = threshold(publisher);
    if (count == 0 && revokedSigner(envelope, publisher, time)) {
      throw new RevokedSignerException(
          "only revoked keys of " + publisher + " signed: " + check.rejected());
    }
    if (count == 0) {
      throw new UntrustedSignerException(
          "no valid signature by a key of " + publisher + ": " + check.rejected());
    }
    if (count < needed) {
      throw new ThresholdNotMetException(
          publisher + " needs " + needed + " distinct keys, " + count + " signed validly");
    }
    return check;
  }

  /**
   * Whether some signature of {@code envelope} is by a key of {@code publisher} revoked by then.
   */
  private boolean revokedSigner(Envelope envelope, String publisher, Instant time) {
    for (Envelope.Signature sig : envelope.signatures()) {
      PublisherKey key = keys.get(sig.keyid());
      if (key != null
          && key.publisher().equals(publisher)
          && key.revocation().filter(at -> !time.isBefore(at)).isPresent()) {
        return true;
      }
    }
    return false;
  }
}
