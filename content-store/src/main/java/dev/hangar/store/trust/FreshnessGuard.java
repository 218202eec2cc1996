package dev.hangar.store.trust;

import dev.hangar.store.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Admits a signed manifest only together with a fresh, signed catalog timestamp and snapshot that
 * list it, refusing the TUF attack classes with one exception type each: {@link
 * RollbackAttackException}, {@link FreezeAttackException}, {@link MixAndMatchException}, {@link
 * UntrustedSignerException}, {@link ThresholdNotMetException}, and (while streaming artifacts)
 * {@link EndlessDataException} / {@link ContentMismatchException}.
 *
 * <p>The guard reads its {@link FreshnessState} from the store on every call and saves it only
 * after a complete admission, so a refusal (or a {@link #check}) never changes the recorded state.
 * Concurrent calls on one store are serialized by this instance; the store must not be shared
 * between guards.
 */
public final class FreshnessGuard {

  /**
   * Decides whether a manifest's signatures are trusted (by default: its publisher's keyring
   * threshold, as of the manifest's {@code issuedAt}).
   */
  @FunctionalInterface
  public interface ManifestSigners {
    /**
     * Returns the signature check if the signers of {@code envelope} are trusted for {@code
     * manifest}.
     *
     * @throws TrustException (untrusted, revoked signer or threshold not met) otherwise
     */
    SignatureCheck require(Envelope envelope, ApplianceManifest manifest, PublisherKeyring keyring)
        throws TrustException;

    /** The publisher's own keys with its keyring threshold, at the manifest's issuedAt. */
    ManifestSigners PUBLISHER_THRESHOLD =
        (envelope, m, keyring) -> keyring.requirePublisher(envelope, m.publisher(), m.issuedAt());
  }

  /** Largest context template accepted, since the manifest records no template sizes. */
  public static final long MAX_TEMPLATE_BYTES = 1 << 20;

  private final PublisherKeyring keyring;
  private final String marketplace;
  private final FreshnessStore store;
  private final Clock clock;
  private final ManifestSigners signers;

  /**
   * Creates a guard.
   *
   * @param keyring keys of publishers and of the marketplace
   * @param marketplace the keyring publisher whose keys (and threshold) sign timestamps and
   *     snapshots
   * @param store where the rollback state lives
   * @param clock source of "now" for expiry checks
   */
  public FreshnessGuard(
      PublisherKeyring keyring, String marketplace, FreshnessStore store, Clock clock) {
    this(keyring, marketplace, store, clock, ManifestSigners.PUBLISHER_THRESHOLD);
  }

  /**
   * Creates a guard that asks {@code signers} whether a manifest's signatures are trusted.
   *
   * @param signers the rule for manifest signatures (e.g. the site's trust policy)
   */
  public FreshnessGuard(
      PublisherKeyring keyring,
      String marketplace,
      FreshnessStore store,
      Clock clock,
      ManifestSigners signers) {
    this.keyring = Objects.requireNonNull(keyring, "keyring");
    this.marketplace = Objects.requireNonNull(marketplace, "marketplace");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.signers = Objects.requireNonNull(signers, "signers");
  }

  /**
   * Verifies the timestamp, then the snapshot it names, then the manifest the snapshot lists for
   * its channel, and records the new versions.
   *
   * @throws TrustException (a subclass naming the attack) if anything must not be trusted
   * @throws IOException if the state cannot be loaded or saved
   */
  public synchronized Admission admit(Envelope timestamp, Envelope snapshot, Envelope manifest)
      throws TrustException, IOException {
    return verify(timestamp, snapshot, manifest, true);
  }

  /**
   * Verifies like {@link #admit} but records nothing: for a dry run, or for re-checking an admitted
   * manifest right before boot (where a key revoked meanwhile or expired metadata still refuses).
   *
   * @throws TrustException (a subclass naming the attack) if anything must not be trusted
   * @throws IOException if the state cannot be loaded
   */
  public synchronized Admission check(Envelope timestamp, Envelope snapshot, Envelope manifest)
      throws TrustException, IOException {
    return verify(timestamp, snapshot, manifest, false);
  }

  private Admission verify(Envelope timestamp, Envelope snapshot, Envelope manifest, boolean save)
      throws TrustException, IOException {
    Instant now = clock.instant();
    FreshnessState state = store.load();

    // Marketplace metadata is verified before it is parsed: its content is untrusted until then.
    byte[] timestampPayload = typed(timestamp, CatalogTimestamp.PAYLOAD_TYPE);
    keyring.requirePublisher(timestamp, marketplace, now);
    CatalogTimestamp ts = CatalogTimestamp.parse(timestampPayload);
    if (ts.version() < state.timestampVersion()) {
      throw new RollbackAttackException(
          "timestamp version " + ts.version() + " < accepted " + state.timestampVersion());
    }
    if (!now.isBefore(ts.expires())) {
      throw new FreezeAttackException("timestamp expired at " + ts.expires());
    }

    byte[] snapshotPayload = typed(snapshot, CatalogSnapshot.PAYLOAD_TYPE);
    if (!Digest.of(snapshotPayload).equals(ts.snapshotDigest())) {
      throw new MixAndMatchException("snapshot is not the one the timestamp names");
    }
    keyring.requirePublisher(snapshot, marketplace, now);
    CatalogSnapshot snap = CatalogSnapshot.parse(snapshotPayload);
    if (snap.version() != ts.snapshotVersion()) {
      throw new MixAndMatchException(
          "snapshot version " + snap.version() + " but timestamp names " + ts.snapshotVersion());
    }
    if (snap.version() < state.snapshotVersion()) {
      throw new RollbackAttackException(
          "snapshot version " + snap.version() + " < accepted " + state.snapshotVersion());
    }
    if (!now.isBefore(snap.expires())) {
      throw new FreezeAttackException("snapshot expired at " + snap.expires());
    }

    byte[] manifestPayload = typed(manifest, ApplianceManifest.PAYLOAD_TYPE);
    ApplianceManifest m = ApplianceManifest.parse(manifestPayload);
    Digest digest = Digest.of(manifestPayload);
    String key = CatalogSnapshot.key(m);
    CatalogSnapshot.Entry entry = snap.entry(key, m.version()).orElse(null);
    if (entry == null || !entry.manifest().equals(digest)) {
      throw new MixAndMatchException(
          "snapshot "
              + snap.version()
              + " does not list manifest "
              + digest
              + " for "
              + key
              + " "
              + m.version());
    }
    SignatureCheck signatures = signers.require(manifest, m, keyring);
    SemVer highest = state.highestSeen().get(key);
    if (highest != null && m.version().compareTo(highest) < 0) {
      throw new RollbackAttackException(
          key + " version " + m.version() + " is older than the accepted " + highest);
    }

    Map<String, SemVer> seen = new HashMap<>(state.highestSeen());
    seen.put(key, highest == null || m.version().compareTo(highest) > 0 ? m.version() : highest);
    if (save) {
      store.save(new FreshnessState(ts.version(), snap.version(), seen));
    }
    return new Admission(m, digest, snap.version(), signatures);
  }

  /**
   * Requires {@code artifact} to be a partition, boot file or context template of {@code manifest}.
   *
   * @throws MixAndMatchException if the manifest does not list it
   */
  public static void requireListed(ApplianceManifest manifest, Digest artifact)
      throws MixAndMatchException {
    if (!manifest.lists(artifact)) {
      throw new MixAndMatchException(
          artifact + " is not part of " + manifest.appliance() + "@" + manifest.version());
    }
  }

  /**
   * Wraps the untrusted bytes of a listed artifact so that they are cut off beyond the manifest's
   * size (templates: {@link #MAX_TEMPLATE_BYTES}) and verified against the digest at EOF.
   *
   * @throws MixAndMatchException if the manifest does not list {@code artifact}
   */
  public static LimitedVerifyingInputStream open(
      ApplianceManifest manifest, Digest artifact, InputStream source) throws MixAndMatchException {
    requireListed(manifest, artifact);
    return manifest
        .sizeOf(artifact)
        .map(size -> new LimitedVerifyingInputStream(source, artifact, size, true))
        .orElseGet(
            () -> new LimitedVerifyingInputStream(source, artifact, MAX_TEMPLATE_BYTES, false));
  }

  private static byte[] typed(Envelope envelope, String payloadType)
      throws MalformedMetadataException {
    if (!payloadType.equals(envelope.payloadType())) {
      throw new MalformedMetadataException(
          "expected payload type " + payloadType + ", got " + envelope.payloadType());
    }
    return envelope.payload();
  }
}
