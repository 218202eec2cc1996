package dev.hangar.store.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A DSSE v1 envelope: a typed payload and any number of signatures over its PAE encoding.
 *
 * @param payloadType media type of the payload, e.g. {@link ApplianceManifest#PAYLOAD_TYPE}
 * @param payload the signed bytes (copied on the way in and out)
 * @param signatures signatures in the order they were added
 */
public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {

  /** Payload type of in-toto statements (attestations). */
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  /**
   * One signature.
   *
   * @param keyid key id of the signing key ({@link KeyPairs#keyId}); required by Hangar
   * @param sig signature over {@link Envelope#pae()}
   * @param certificates X.509 chain (leaf first) certifying the key, or empty
   */
  public record Signature(String keyid, byte[] sig, List<X509Certificate> certificates) {
    /** Copies the inputs. */
    public Signature {
      Objects.requireNonNull(keyid, "keyid");
      sig = sig.clone();
      certificates = List.copyOf(certificates);
    }

    @Override
    public byte[] sig() {
      return sig.clone();
    }
  }

  /** Copies the inputs. */
  public Envelope {
    Objects.requireNonNull(payloadType, "payloadType");
    payload = payload.clone();
    signatures = List.copyOf(signatures);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** Returns an unsigned envelope, to which {@link #signedBy} adds signatures. */
  public static Envelope of(String payloadType, byte[] payload) {
    return new Envelope(payloadType, payload, List.of());
  }

  /** Returns this envelope with one more signature by each of {@code keys}, in order. */
  public Envelope signedBy(SigningKey... keys) {
    List<Signature> all = new ArrayList<>(signatures);
    for (SigningKey key : keys) {
      all.add(
          new Signature(key.keyId(), key.algorithm().sign(key.privateKey(), pae()), key.chain()));
    }
    return new Envelope(payloadType, payload, all);
  }

  /** Returns the bytes that are signed: {@link #pae(String, byte[])} of this envelope. */
  public byte[] pae() {
    return pae(payloadType, payload);
  }

  /**
   * Pre-Authentication Encoding of DSSE v1: {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP
   * body}, where type is UTF-8 and LEN is the byte length in ASCII decimal without leading zeros.
   */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(type.length + payload.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** Returns the JSON form: standard base64 for payload, sig and certificate DER. */
  public ObjectNode toJson() {
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode root = Json.object();
    root.put("payloadType", payloadType);
    root.put("payload", b64.encodeToString(payload));
    ArrayNode sigs = root.putArray("signatures");
    for (Signature s : signatures) {
      ObjectNode o = sigs.addObject();
      o.put("keyid", s.keyid());
      o.put("sig", b64.encodeToString(s.sig));
      if (!s.certificates().isEmpty()) {
        ArrayNode certs = o.putArray("certificates");
        for (X509Certificate c : s.certificates()) {
          try {
            certs.add(b64.encodeToString(c.getEncoded()));
          } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate lost its DER encoding", e);
          }
        }
      }
    }
    return root;
  }

  /** Returns the canonical JSON bytes of {@link #toJson()}. */
  public byte[] toBytes() {
    return CanonicalJson.canonicalize(toJson());
  }

  /** Parses the JSON form; base64 may be standard or URL-safe, padded or not (DSSE allows both). */
  public static Envelope parse(byte[] json) throws MalformedMetadataException {
    JsonNode root;
    try {
      root = CanonicalJson.parse(json);
    } catch (CanonicalJsonException e) {
      throw new MalformedMetadataException("envelope is not JSON: " + e.getMessage(), e);
    }
    List<Signature> sigs = new ArrayList<>();
    for (JsonNode s : Json.array(root, "signatures")) {
      List<X509Certificate> chain = new ArrayList<>();
      JsonNode certs = s.get("certificates");
      if (certs != null && !certs.isNull()) {
        for (JsonNode c : Json.array(s, "certificates")) {
          chain.add(certificate(base64(c.asText())));
        }
      }
      sigs.add(new Signature(Json.text(s, "keyid"), base64(Json.text(s, "sig")), chain));
    }
    return new Envelope(Json.text(root, "payloadType"), base64(Json.text(root, "payload")), sigs);
  }

  private static byte[] base64(String text) throws MalformedMetadataException {
    // The basic decoder accepts missing padding; mapping the URL-safe alphabet covers both forms.
    try {
      return Base64.getDecoder().decode(text.replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      throw new MalformedMetadataException("invalid base64 in envelope", e);
    }
  }

  private static X509Certificate certificate(byte[] der) throws MalformedMetadataException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new MalformedMetadataException("invalid certificate in envelope", e);
    }
  }
}
