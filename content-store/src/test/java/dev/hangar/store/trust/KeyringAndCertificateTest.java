package dev.hangar.store.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyringAndCertificateTest {

  private final SigningKey k1 = Fixtures.key(SignatureAlgorithm.ED25519);
  private final SigningKey k2 = Fixtures.key(SignatureAlgorithm.ECDSA_P256_SHA256);
  private final Instant epoch = Instant.parse("2024-01-01T00:00:00Z");

  private PublisherKeyring keyring() {
    return PublisherKeyring.empty()
        .withKey(new PublisherKey("acme", k1.publicKey(), epoch, null))
        .withKey(new PublisherKey("acme", k2.publicKey(), epoch, null));
  }

  @Test
  void countsEachValidKeyOnceAndRejectsUnknownKeys() {
    SigningKey stranger = Fixtures.key(SignatureAlgorithm.ED25519);
    Envelope e = Fixtures.signed(Fixtures.manifest("1.0.0"), k1, k1, stranger);
    SignatureCheck check = keyring().check(e, Fixtures.ISSUED);
    assertEquals(Set.of(k1.keyId()), check.keysOf("acme"));
    assertEquals(List.of("unknown key " + stranger.keyId()), check.rejected());
  }

  @Test
  void revokedKeyCountsOnlyForSignaturesDatedBeforeRevocation() throws Exception {
    Envelope e = Fixtures.signed(Fixtures.manifest("1.0.0"), k1);
    PublisherKeyring revokedLater =
        keyring().withRevocation(k1.keyId(), Fixtures.ISSUED.plusSeconds(1));
    revokedLater.requirePublisher(e, "acme", Fixtures.ISSUED);
    PublisherKeyring revokedBefore = keyring().withRevocation(k1.keyId(), Fixtures.ISSUED);
    UntrustedSignerException ex =
        assertThrows(
            UntrustedSignerException.class,
            () -> revokedBefore.requirePublisher(e, "acme", Fixtures.ISSUED));
    assertTrue(ex.getMessage().contains("revoked"), ex.getMessage());
  }

  @Test
  void keyIsNotValidBeforeItsValidFrom() {
    Envelope e = Fixtures.signed(Fixtures.manifest("1.0.0"), k1);
    PublisherKeyring ring =
        PublisherKeyring.empty()
            .withKey(
                new PublisherKey("acme", k1.publicKey(), Fixtures.ISSUED.plusSeconds(60), null));
    assertThrows(
        UntrustedSignerException.class, () -> ring.requirePublisher(e, "acme", Fixtures.ISSUED));
  }

  @Test
  void thresholdNeedsDistinctKeys() throws Exception {
    PublisherKeyring ring = keyring().withThreshold("acme", 2);
    Envelope one = Fixtures.signed(Fixtures.manifest("1.0.0"), k1, k1);
    assertThrows(
        ThresholdNotMetException.class, () -> ring.requirePublisher(one, "acme", Fixtures.ISSUED));
    Envelope two = Fixtures.signed(Fixtures.manifest("1.0.0"), k1, k2);
    assertEquals(2, ring.requirePublisher(two, "acme", Fixtures.ISSUED).keysOf("acme").size());
  }

  @Test
  void certificateChainToConfiguredRootYieldsIdentityAndVerifies() throws Exception {
    KeyPair rootKeys = KeyPairs.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate root = Fixtures.ca("Hangar Test Root", rootKeys, null, rootKeys.getPrivate());
    KeyPair interKeys = KeyPairs.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate inter =
        Fixtures.ca("Hangar Test Issuing CA", interKeys, root, rootKeys.getPrivate());
    SigningKey leafKey = Fixtures.key(SignatureAlgorithm.ED25519);
    X509Certificate leaf =
        Fixtures.issue(
            "release-bot",
            leafKey.publicKey(),
            inter,
            interKeys.getPrivate(),
            false,
            List.of("release@acme.example"),
            epoch,
            Instant.parse("2026-01-01T00:00:00Z"));

    CertificateIdentity id =
        CertificateChains.verify(List.of(leaf, inter), Set.of(root), Fixtures.ISSUED);
    assertEquals(List.of("release-bot", "release@acme.example"), id.names());

    Envelope e =
        Fixtures.signed(Fixtures.manifest("1.0.0"), leafKey.withChain(List.of(leaf, inter)));
    Envelope reparsed = Envelope.parse(e.toBytes());
    SignatureCheck check = PublisherKeyring.empty().withRoot(root).check(reparsed, Fixtures.ISSUED);
    assertEquals(1, check.valid().size(), check.rejected().toString());
    assertEquals("release-bot", check.valid().get(0).identity().commonName());

    KeyPair otherRoot = KeyPairs.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate other = Fixtures.ca("Other Root", otherRoot, null, otherRoot.getPrivate());
    assertThrows(
        UntrustedSignerException.class,
        () -> CertificateChains.verify(List.of(leaf, inter), Set.of(other), Fixtures.ISSUED));
    assertTrue(
        PublisherKeyring.empty()
            .withRoot(other)
            .check(reparsed, Fixtures.ISSUED)
            .valid()
            .isEmpty());
    // The leaf expired before this signature time.
    assertThrows(
        UntrustedSignerException.class,
        () ->
            CertificateChains.verify(
                List.of(leaf, inter), Set.of(root), Instant.parse("2026-06-01T00:00:00Z")));
  }

  @Test
  void keyRegisteredAsAChainCountsForItsPublisherOnlyWhileTheChainValidates() throws Exception {
    KeyPair rootKeys = KeyPairs.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate root = Fixtures.ca("Hangar Test Root", rootKeys, null, rootKeys.getPrivate());
    KeyPair interKeys = KeyPairs.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate inter =
        Fixtures.ca("Hangar Test Issuing CA", interKeys, root, rootKeys.getPrivate());
    SigningKey leafKey = Fixtures.key(SignatureAlgorithm.ED25519);
    X509Certificate leaf =
        Fixtures.issue(
            "release-bot",
            leafKey.publicKey(),
            inter,
            interKeys.getPrivate(),
            false,
            List.of("release@acme.example"),
            epoch,
            Instant.parse("2026-01-01T00:00:00Z"));
    PublisherKey registered =
        new PublisherKey("acme", leafKey.publicKey(), epoch, null, List.of(leaf, inter));
    // The envelope carries no certificates: the keyring knows the key's chain.
    Envelope e = Fixtures.signed(Fixtures.manifest("1.0.0"), leafKey);

    PublisherKeyring ring = PublisherKeyring.empty().withRoot(root).withKey(registered);
    SignatureCheck check = ring.requirePublisher(e, "acme", Fixtures.ISSUED);
    assertEquals(1, check.keysOf("acme").size());
    assertEquals(
        List.of("release-bot", "release@acme.example"), check.valid().get(0).identity().names());

    assertThrows(
        UntrustedSignerException.class,
        () -> ring.requirePublisher(e, "acme", Instant.parse("2026-06-01T00:00:00Z")));
    PublisherKeyring noRoot = PublisherKeyring.empty().withKey(registered);
    assertTrue(noRoot.check(e, Fixtures.ISSUED).valid().isEmpty());
    assertTrue(
        noRoot.check(e, Fixtures.ISSUED).rejected().get(0).contains("no certificate roots"),
        noRoot.check(e, Fixtures.ISSUED).rejected().toString());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PublisherKey(
                "acme",
                Fixtures.key(SignatureAlgorithm.ED25519).publicKey(),
                epoch,
                null,
                List.of(leaf, inter)));
  }

  @Test
  void revokedSignerIsToldApartFromAnUnknownOne() throws Exception {
    PublisherKeyring ring = keyring().withRevocation(k1.keyId(), Fixtures.ISSUED.minusSeconds(1));
    Envelope byRevoked = Fixtures.signed(Fixtures.manifest("1.0.0"), k1);
    assertThrows(
        RevokedSignerException.class,
        () -> ring.requirePublisher(byRevoked, "acme", Fixtures.ISSUED));
    // Signatures dated before the revocation still count.
    ring.requirePublisher(byRevoked, "acme", Fixtures.ISSUED.minusSeconds(2));
    Envelope byStranger =
        Fixtures.signed(Fixtures.manifest("1.0.0"), Fixtures.key(SignatureAlgorithm.ED25519));
    UntrustedSignerException unknown =
        assertThrows(
            UntrustedSignerException.class,
            () -> ring.requirePublisher(byStranger, "acme", Fixtures.ISSUED));
    assertEquals("untrusted-signer", unknown.reason());
  }

  @Test
  void certificateWithoutDigitalSignatureUsageCannotSign() throws Exception {
    KeyPair rootKeys = KeyPairs.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate root = Fixtures.ca("Root", rootKeys, null, rootKeys.getPrivate());
    KeyPair caKeys = KeyPairs.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate caLeaf = Fixtures.ca("Just a CA", caKeys, root, rootKeys.getPrivate());
    assertThrows(
        UntrustedSignerException.class,
        () -> CertificateChains.verify(List.of(caLeaf), Set.of(root), Fixtures.ISSUED));
  }
}
