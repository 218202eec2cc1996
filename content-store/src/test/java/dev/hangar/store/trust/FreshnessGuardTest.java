package dev.hangar.store.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hangar.store.Digest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class FreshnessGuardTest {

  private static final Instant NOW = Fixtures.ISSUED.plusSeconds(3600);
  private static final Instant LATER = NOW.plusSeconds(86400);

  @TempDir Path dir;

  private final SigningKey market1 = Fixtures.key(SignatureAlgorithm.ED25519);
  private final SigningKey market2 = Fixtures.key(SignatureAlgorithm.ECDSA_P256_SHA256);
  private final SigningKey publisher = Fixtures.key(SignatureAlgorithm.ED25519);
  private PublisherKeyring keyring;
  private FileFreshnessStore store;
  private FreshnessGuard guard;

  @BeforeEach
  void setUp() throws Exception {
    keyring =
        PublisherKeyring.empty()
            .withKey(new PublisherKey("marketplace", market1.publicKey(), Instant.EPOCH, null))
            .withKey(new PublisherKey("marketplace", market2.publicKey(), Instant.EPOCH, null))
            .withThreshold("marketplace", 2)
            .withKey(new PublisherKey("acme", publisher.publicKey(), Instant.EPOCH, null));
    store = new FileFreshnessStore(dir.resolve("freshness.json"));
    guard = guard(keyring);
    admit(7, 3, Fixtures.manifest("1.2.0")); // establishes the recorded state
  }

  private FreshnessGuard guard(PublisherKeyring ring) {
    return new FreshnessGuard(ring, "marketplace", store, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static CatalogSnapshot snapshot(long version, Instant expires, ApplianceManifest m) {
    return new CatalogSnapshot(
        version,
        expires,
        Map.of(
            CatalogSnapshot.key(m), List.of(new CatalogSnapshot.Entry(m.version(), m.digest()))));
  }

  private Admission admit(long tsVersion, long snapVersion, ApplianceManifest m) throws Exception {
    CatalogSnapshot snap = snapshot(snapVersion, LATER, m);
    return guard.admit(
        CatalogTimestamp.of(tsVersion, LATER, snap).sign(market1, market2),
        snap.sign(market1, market2),
        Fixtures.signed(m, publisher));
  }

  /** Asserts that {@code call} throws {@code type} and leaves the stored state byte-identical. */
  private <T extends Throwable> void assertRefusedWithoutStateChange(Class<T> type, Executable call)
      throws Exception {
    FreshnessState before = store.load();
    assertThrows(type, call);
    assertEquals(before, store.load());
  }

  @Test
  void admitsFreshListedSignedManifestAndRecordsVersions() throws Exception {
    ApplianceManifest m = Fixtures.manifest("1.3.0");
    Admission a = admit(8, 4, m);
    assertEquals(m, a.manifest());
    assertEquals(m.digest(), a.manifestDigest());
    assertEquals(
        new FreshnessState(8, 4, Map.of("acme/hello@stable", SemVer.parse("1.3.0"))), store.load());
  }

  @Test
  void checkVerifiesLikeAdmitButRecordsNothing() throws Exception {
    ApplianceManifest m = Fixtures.manifest("1.3.0");
    CatalogSnapshot snap = snapshot(4, LATER, m);
    FreshnessState before = store.load();
    Admission a =
        guard.check(
            CatalogTimestamp.of(8, LATER, snap).sign(market1, market2),
            snap.sign(market1, market2),
            Fixtures.signed(m, publisher));
    assertEquals(m.digest(), a.manifestDigest());
    assertEquals(before, store.load());
  }

  @Test
  void admitsAnyVersionTheSnapshotListsOnTheChannelThatIsNotARollback() throws Exception {
    ApplianceManifest older = Fixtures.manifest("1.2.0");
    ApplianceManifest newer = Fixtures.manifest("1.3.0");
    CatalogSnapshot snap =
        new CatalogSnapshot(
            4,
            LATER,
            Map.of(
                CatalogSnapshot.key(newer),
                List.of(
                    new CatalogSnapshot.Entry(newer.version(), newer.digest()),
                    new CatalogSnapshot.Entry(older.version(), older.digest()))));
    assertEquals(CatalogSnapshot.parse(snap.toCanonicalJson()), snap);
    Envelope ts = CatalogTimestamp.of(8, LATER, snap).sign(market1, market2);
    guard.admit(ts, snap.sign(market1, market2), Fixtures.signed(older, publisher));
    guard.admit(ts, snap.sign(market1, market2), Fixtures.signed(newer, publisher));
    assertRefusedWithoutStateChange(
        RollbackAttackException.class,
        () -> guard.admit(ts, snap.sign(market1, market2), Fixtures.signed(older, publisher)));
  }

  @Test
  void refusesRollbackToAnOlderApplianceVersion() throws Exception {
    assertRefusedWithoutStateChange(
        RollbackAttackException.class, () -> admit(8, 4, Fixtures.manifest("1.1.9")));
  }

  @Test
  void refusesRollbackToAnOlderSnapshotOrTimestamp() throws Exception {
    assertRefusedWithoutStateChange(
        RollbackAttackException.class, () -> admit(8, 2, Fixtures.manifest("1.2.0")));
    assertRefusedWithoutStateChange(
        RollbackAttackException.class, () -> admit(6, 3, Fixtures.manifest("1.2.0")));
  }

  @Test
  void refusesFreezeWithExpiredTimestampOrSnapshot() throws Exception {
    ApplianceManifest m = Fixtures.manifest("1.3.0");
    CatalogSnapshot fresh = snapshot(4, LATER, m);
    assertRefusedWithoutStateChange(
        FreezeAttackException.class,
        () ->
            guard.admit(
                CatalogTimestamp.of(8, NOW, fresh).sign(market1, market2),
                fresh.sign(market1, market2),
                Fixtures.signed(m, publisher)));
    CatalogSnapshot stale = snapshot(4, NOW.minusSeconds(1), m);
    assertRefusedWithoutStateChange(
        FreezeAttackException.class,
        () ->
            guard.admit(
                CatalogTimestamp.of(8, LATER, stale).sign(market1, market2),
                stale.sign(market1, market2),
                Fixtures.signed(m, publisher)));
  }

  @Test
  void refusesMixAndMatchOfSnapshotAndManifest() throws Exception {
    ApplianceManifest listed = Fixtures.manifest("1.3.0");
    ApplianceManifest unlisted = Fixtures.manifest("1.4.0");
    CatalogSnapshot snap = snapshot(4, LATER, listed);
    Envelope ts = CatalogTimestamp.of(8, LATER, snap).sign(market1, market2);
    assertRefusedWithoutStateChange(
        MixAndMatchException.class,
        () -> guard.admit(ts, snap.sign(market1, market2), Fixtures.signed(unlisted, publisher)));
    CatalogSnapshot other = snapshot(4, LATER, unlisted);
    assertRefusedWithoutStateChange(
        MixAndMatchException.class,
        () -> guard.admit(ts, other.sign(market1, market2), Fixtures.signed(unlisted, publisher)));
  }

  @Test
  void refusesArtifactsTheSignedManifestDoesNotList() throws Exception {
    ApplianceManifest m = Fixtures.manifest("1.2.0");
    assertRefusedWithoutStateChange(
        MixAndMatchException.class,
        () ->
            FreshnessGuard.open(
                m, Digest.of(Fixtures.bytes("evil template")), InputStream.nullInputStream()));
  }

  @Test
  void cutsOffEndlessDataBeyondTheManifestSize() throws Exception {
    byte[] rootfs = Fixtures.bytes("0123456789");
    ApplianceManifest m = Fixtures.manifest("1.2.0", rootfs, Fixtures.bytes("t"));
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return '0';
          }
        };
    FreshnessState before = store.load();
    try (InputStream in = FreshnessGuard.open(m, Digest.of(rootfs), endless)) {
      assertThrows(EndlessDataException.class, () -> in.readAllBytes());
    }
    assertEquals(before, store.load());
  }

  @Test
  void refusesContentWhoseDigestMismatchesAtEof() throws Exception {
    byte[] rootfs = Fixtures.bytes("0123456789");
    ApplianceManifest m = Fixtures.manifest("1.2.0", rootfs, Fixtures.bytes("t"));
    try (InputStream in =
        FreshnessGuard.open(
            m, Digest.of(rootfs), new ByteArrayInputStream(Fixtures.bytes("0123456780")))) {
      assertThrows(ContentMismatchException.class, () -> in.readAllBytes());
    }
    try (InputStream in =
        FreshnessGuard.open(
            m, Digest.of(rootfs), new ByteArrayInputStream(Fixtures.bytes("01234")))) {
      assertThrows(ContentMismatchException.class, () -> in.readAllBytes());
    }
    try (InputStream in =
        FreshnessGuard.open(m, Digest.of(rootfs), new ByteArrayInputStream(rootfs))) {
      assertArrayEquals(rootfs, in.readAllBytes());
    }
  }

  @Test
  void refusesUnknownSigners() throws Exception {
    ApplianceManifest m = Fixtures.manifest("1.3.0");
    CatalogSnapshot snap = snapshot(4, LATER, m);
    SigningKey impostor = Fixtures.key(SignatureAlgorithm.ED25519);
    assertRefusedWithoutStateChange(
        UntrustedSignerException.class,
        () ->
            guard.admit(
                CatalogTimestamp.of(8, LATER, snap).sign(impostor),
                snap.sign(market1, market2),
                Fixtures.signed(m, publisher)));
    assertRefusedWithoutStateChange(
        UntrustedSignerException.class,
        () ->
            guard.admit(
                CatalogTimestamp.of(8, LATER, snap).sign(market1, market2),
                snap.sign(market1, market2),
                Fixtures.signed(m, impostor)));
  }

  @Test
  void refusesManifestSignedByRevokedKey() throws Exception {
    ApplianceManifest m = Fixtures.manifest("1.3.0");
    CatalogSnapshot snap = snapshot(4, LATER, m);
    guard = guard(keyring.withRevocation(publisher.keyId(), m.issuedAt().minusSeconds(1)));
    assertRefusedWithoutStateChange(
        RevokedSignerException.class,
        () ->
            guard.admit(
                CatalogTimestamp.of(8, LATER, snap).sign(market1, market2),
                snap.sign(market1, market2),
                Fixtures.signed(m, publisher)));
  }

  @Test
  void refusesMarketplaceMetadataBelowThreshold() throws Exception {
    ApplianceManifest m = Fixtures.manifest("1.3.0");
    CatalogSnapshot snap = snapshot(4, LATER, m);
    assertRefusedWithoutStateChange(
        ThresholdNotMetException.class,
        () ->
            guard.admit(
                CatalogTimestamp.of(8, LATER, snap).sign(market1, market1),
                snap.sign(market1, market2),
                Fixtures.signed(m, publisher)));
    assertRefusedWithoutStateChange(
        ThresholdNotMetException.class,
        () ->
            guard.admit(
                CatalogTimestamp.of(8, LATER, snap).sign(market1, market2),
                snap.sign(market2),
                Fixtures.signed(m, publisher)));
  }

  @Test
  void stateSurvivesANewGuardOnTheSameStore() throws Exception {
    FreshnessGuard restarted = guard(keyring);
    CatalogSnapshot snap = snapshot(4, LATER, Fixtures.manifest("1.0.0"));
    ApplianceManifest old = Fixtures.manifest("1.0.0");
    assertRefusedWithoutStateChange(
        RollbackAttackException.class,
        () ->
            restarted.admit(
                CatalogTimestamp.of(8, LATER, snap).sign(market1, market2),
                snap.sign(market1, market2),
                Fixtures.signed(old, publisher)));
  }
}
