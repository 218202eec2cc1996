package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.appliance.ApplianceVersion;
import dev.hangar.marketplace.appliance.VersionStatus;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.CatalogSnapshot;
import dev.hangar.store.trust.CatalogTimestamp;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.MalformedMetadataException;
import dev.hangar.store.trust.SemVer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs the catalog with the {@link CatalogKey}: a snapshot listing, per {@code
 * publisher/name@channel}, the pinned manifest digest of every deployable (published or deprecated)
 * version, and a short-lived timestamp naming that snapshot. Both are re-issued in the transaction
 * that publishes, deprecates or revokes a version, and by {@link CatalogRefresher} before they
 * expire; versions only ever increase.
 */
@ApplicationScoped
public class CatalogSigner {
  private final TrustRepositories.Metadata metadata;
  private final TrustRepositories.Manifests pinned;
  private final ManifestFactory manifests;
  private final CatalogKey key;
  private final HangarConfig config;
  private final EntityManager em;

  public CatalogSigner(
      TrustRepositories.Metadata metadata,
      TrustRepositories.Manifests pinned,
      ManifestFactory manifests,
      CatalogKey key,
      HangarConfig config,
      EntityManager em) {
    this.metadata = metadata;
    this.pinned = pinned;
    this.manifests = manifests;
    this.key = key;
    this.config = config;
    this.em = em;
  }

  /** The current signed timestamp and snapshot envelopes. */
  public record Signed(Envelope timestamp, Envelope snapshot) {}

  /** Signs a new snapshot and timestamp; joins the caller's transaction (or starts one). */
  @Transactional
  public void reissue() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    CatalogMetadata snapRow = locked(CatalogMetadata.SNAPSHOT);
    CatalogSnapshot snapshot =
        new CatalogSnapshot(
            next(snapRow), now.plus(validity(config.trust().snapshotValidity())), channels());
    Envelope signedSnapshot = snapshot.sign(key.signingKey());
    save(snapRow, CatalogMetadata.SNAPSHOT, snapshot.version(), snapshot.expires(), signedSnapshot);
    issueTimestamp(snapshot, now);
  }

  /**
   * Re-issues what is past half its validity (or missing): the snapshot with the timestamp, or the
   * timestamp alone for the current snapshot.
   */
  @Transactional
  public void refreshIfDue() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    CatalogMetadata snap = locked(CatalogMetadata.SNAPSHOT);
    CatalogMetadata ts = metadata.findById(CatalogMetadata.TIMESTAMP);
    if (snap == null || due(snap, config.trust().snapshotValidity(), now)) {
      reissue();
    } else if (ts == null || due(ts, config.trust().timestampValidity(), now)) {
      issueTimestamp(parse(snap), now);
    }
  }

  /** The current envelopes, signing them first if the catalog has never been signed. */
  @Transactional
  public Signed current() {
    if (metadata.findById(CatalogMetadata.TIMESTAMP) == null) {
      reissue();
    }
    return new Signed(
        envelope(metadata.findById(CatalogMetadata.TIMESTAMP)),
        envelope(metadata.findById(CatalogMetadata.SNAPSHOT)));
  }

  /**
   * Pins {@code v} to {@code manifest} (replacing an earlier pin): the snapshot lists this
   * manifest's digest for the version from now on.
   */
  public void pin(ApplianceVersion v, ApplianceManifest manifest) {
    VersionManifest row = pinned.findById(v.id);
    boolean created = row == null;
    if (created) {
      row = new VersionManifest();
      row.versionId = v.id;
    }
    row.manifestDigest = manifest.digest().toString();
    row.issuedAt = OffsetDateTime.ofInstant(manifest.issuedAt(), ZoneOffset.UTC);
    row.payload = new String(manifest.toCanonicalJson(), StandardCharsets.UTF_8);
    if (created) {
      // Hibernate inserts the state an entity has when it is persisted: persist it complete.
      pinned.persist(row);
    }
  }

  private void issueTimestamp(CatalogSnapshot snapshot, Instant now) {
    CatalogMetadata tsRow = locked(CatalogMetadata.TIMESTAMP);
    CatalogTimestamp ts =
        CatalogTimestamp.of(
            next(tsRow), now.plus(validity(config.trust().timestampValidity())), snapshot);
    save(tsRow, CatalogMetadata.TIMESTAMP, ts.version(), ts.expires(), ts.sign(key.signingKey()));
  }

  private Map<String, List<CatalogSnapshot.Entry>> channels() {
    List<ApplianceVersion> deployable =
        em.createQuery(
                "select v from ApplianceVersion v join fetch v.appliance a join fetch a.publisher"
                    + " where v.status in :statuses",
                ApplianceVersion.class)
            .setParameter("statuses", List.of(VersionStatus.PUBLISHED, VersionStatus.DEPRECATED))
            .getResultList();
    Map<String, List<CatalogSnapshot.Entry>> channels = new TreeMap<>();
    for (ApplianceVersion v : deployable) {
      VersionManifest pin = pinned.findById(v.id);
      if (pin == null) {
        // Published before versions were pinned: pin the catalog's manifest as of publishing.
        ApplianceManifest m =
            manifests.manifest(
                v, v.publishedAt == null ? Instant.now() : v.publishedAt.toInstant());
        pin(v, m);
        pin = pinned.findById(v.id);
      }
      String channel = v.appliance.publisher.name + "/" + v.appliance.name + "@" + v.channel;
      channels
          .computeIfAbsent(channel, k -> new ArrayList<>())
          .add(
              new CatalogSnapshot.Entry(SemVer.parse(v.version), Digest.parse(pin.manifestDigest)));
    }
    return channels;
  }

  private CatalogMetadata locked(String role) {
    return em.find(CatalogMetadata.class, role, LockModeType.PESSIMISTIC_WRITE);
  }

  private static long next(CatalogMetadata row) {
    return row == null ? 1 : row.version + 1;
  }

  private void save(CatalogMetadata row, String role, long version, Instant expires, Envelope e) {
    boolean created = row == null;
    if (created) {
      row = new CatalogMetadata();
      row.role = role;
    }
    row.version = version;
    row.expires = OffsetDateTime.ofInstant(expires, ZoneOffset.UTC);
    row.envelope = new String(e.toBytes(), StandardCharsets.UTF_8);
    if (created) {
      metadata.persist(row);
    }
  }

  private static boolean due(CatalogMetadata row, Duration validity, Instant now) {
    return !now.isBefore(row.expires.toInstant().minus(validity(validity).dividedBy(2)));
  }

  /** Validity in whole seconds, at least one second (the formats have whole-second times). */
  private static Duration validity(Duration d) {
    return Duration.ofSeconds(Math.max(1, d.toSeconds()));
  }

  private static CatalogSnapshot parse(CatalogMetadata row) {
    try {
      return CatalogSnapshot.parse(envelope(row).payload());
    } catch (MalformedMetadataException e) {
      throw new IllegalStateException("the stored catalog snapshot no longer parses", e);
    }
  }

  static Envelope envelope(CatalogMetadata row) {
    try {
      return Envelope.parse(row.envelope.getBytes(StandardCharsets.UTF_8));
    } catch (MalformedMetadataException e) {
      throw new IllegalStateException("a stored catalog envelope no longer parses", e);
    }
  }
}
