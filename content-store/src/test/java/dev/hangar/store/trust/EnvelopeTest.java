package dev.hangar.store.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Digest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnvelopeTest {

  @Test
  void paeMatchesTheDsseSpecificationExample() {
    byte[] pae = Envelope.pae("http://example.com/HelloWorld", Fixtures.bytes("hello world"));
    assertEquals(
        "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
        new String(pae, StandardCharsets.UTF_8));
    // Lengths count UTF-8 bytes, not characters.
    assertEquals(
        "DSSEv1 2 \u00e9 0 ",
        new String(Envelope.pae("\u00e9", new byte[0]), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void signatureVerifiesOverPaeAndFailsOnAnyChange(SignatureAlgorithm alg) {
    SigningKey key = Fixtures.key(alg);
    Envelope e = Envelope.of("text/plain", Fixtures.bytes("payload")).signedBy(key);
    Envelope.Signature sig = e.signatures().get(0);
    assertEquals(key.keyId(), sig.keyid());
    assertTrue(alg.verify(key.publicKey(), e.pae(), sig.sig()));
    assertFalse(
        alg.verify(
            key.publicKey(), Envelope.pae("text/plain", Fixtures.bytes("payloaD")), sig.sig()));
    // The payload type is authenticated too.
    assertFalse(
        alg.verify(
            key.publicKey(), Envelope.pae("text/html", Fixtures.bytes("payload")), sig.sig()));
    assertFalse(alg.verify(Fixtures.key(alg).publicKey(), e.pae(), sig.sig()));
  }

  @Test
  void ecdsaSignaturesAreDerSequences() {
    SigningKey key = Fixtures.key(SignatureAlgorithm.ECDSA_P256_SHA256);
    byte[] sig = Envelope.of("t", new byte[] {1}).signedBy(key).signatures().get(0).sig();
    assertEquals(0x30, sig[0] & 0xff);
    assertEquals(sig.length - 2, sig[1] & 0xff);
    byte[] ed =
        Envelope.of("t", new byte[] {1})
            .signedBy(Fixtures.key(SignatureAlgorithm.ED25519))
            .signatures()
            .get(0)
            .sig();
    assertEquals(64, ed.length);
  }

  @Test
  void carriesSeveralSignaturesThroughJson() throws Exception {
    SigningKey a = Fixtures.key(SignatureAlgorithm.ED25519);
    SigningKey b = Fixtures.key(SignatureAlgorithm.ECDSA_P256_SHA256);
    Envelope e =
        Envelope.of(ApplianceManifest.PAYLOAD_TYPE, Fixtures.bytes("{}")).signedBy(a).signedBy(b);
    Envelope back = Envelope.parse(e.toBytes());
    assertEquals(e.payloadType(), back.payloadType());
    assertArrayEquals(e.payload(), back.payload());
    assertEquals(2, back.signatures().size());
    assertEquals(
        List.of(a.keyId(), b.keyId()),
        back.signatures().stream().map(Envelope.Signature::keyid).toList());
    assertTrue(b.algorithm().verify(b.publicKey(), back.pae(), back.signatures().get(1).sig()));
  }

  @Test
  void acceptsUrlSafeUnpaddedBase64AsDssePermits() throws Exception {
    byte[] payload = new byte[] {(byte) 0xfb, (byte) 0xff, 0x01};
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
    String json = "{\"payloadType\":\"t\",\"payload\":\"" + urlSafe + "\",\"signatures\":[]}";
    assertArrayEquals(payload, Envelope.parse(json.getBytes(StandardCharsets.UTF_8)).payload());
  }

  @Test
  void keyIdIsSha256OfSubjectPublicKeyInfo() {
    KeyPair pair = KeyPairs.generate(SignatureAlgorithm.ED25519);
    assertEquals(
        Digest.of(pair.getPublic().getEncoded()).toString(), KeyPairs.keyId(pair.getPublic()));
    // Ed25519 SPKI is a fixed 12-byte header followed by the 32-byte key.
    assertEquals(44, pair.getPublic().getEncoded().length);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void pemRoundTripsPublicAndPkcs8PrivateKeys(SignatureAlgorithm alg) throws Exception {
    KeyPair pair = KeyPairs.generate(alg);
    String pub = Pem.writePublicKey(pair.getPublic());
    String priv = Pem.writePrivateKey(pair.getPrivate());
    assertTrue(pub.startsWith("-----BEGIN PUBLIC KEY-----\n"), pub);
    assertTrue(priv.startsWith("-----BEGIN PRIVATE KEY-----\n"), priv);
    SigningKey reread = new SigningKey(Pem.readPrivateKey(priv), Pem.readPublicKey(pub), List.of());
    Envelope e = Envelope.of("t", new byte[] {7}).signedBy(reread);
    assertTrue(alg.verify(pair.getPublic(), e.pae(), e.signatures().get(0).sig()));
    assertEquals(KeyPairs.keyId(pair.getPublic()), reread.keyId());
  }

  @Test
  void pemRefusesMissingBlocks() {
    assertThrows(GeneralSecurityException.class, () -> Pem.readPublicKey("no pem here"));
  }
}
