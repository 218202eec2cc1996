package dev.hangar.store.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.store.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-toto Statement v1: a typed claim ({@code predicate}) about subjects named by digest. An
 * attestation is a statement carried in a DSSE envelope of type {@link
 * Envelope#IN_TOTO_PAYLOAD_TYPE}; for appliances its subject is the manifest digest.
 *
 * @param subjects what the claim is about (at least one)
 * @param predicateType URI naming the predicate schema, e.g. {@link Provenance#PREDICATE_TYPE}
 * @param predicate the claim, a JSON object
 */
public record Statement(List<Subject> subjects, String predicateType, JsonNode predicate) {

  /** Value of {@code _type} for in-toto Statement v1. */
  public static final String TYPE = "https://in-toto.io/Statement/v1";

  /**
   * One subject, identified by its SHA-256 (in-toto writes {@code {"sha256": "<hex>"}}).
   *
   * @param name a human-readable name, e.g. {@code acme/hello@1.2.0}
   * @param digest the subject's SHA-256
   */
  public record Subject(String name, Digest digest) {
    /** Validates the fields. */
    public Subject {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(digest, "digest");
    }
  }

  /** Validates and copies the inputs. */
  public Statement {
    subjects = List.copyOf(subjects);
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("a statement needs at least one subject");
    }
    Objects.requireNonNull(predicateType, "predicateType");
    if (predicate == null || !predicate.isObject()) {
      throw new IllegalArgumentException("predicate must be a JSON object");
    }
    predicate = predicate.deepCopy();
  }

  /**
   * Returns a statement whose single subject is {@code manifest} ({@code publisher/name@version}).
   */
  public static Statement about(
      ApplianceManifest manifest, String predicateType, JsonNode predicate) {
    return new Statement(
        List.of(new Subject(manifest.appliance() + "@" + manifest.version(), manifest.digest())),
        predicateType,
        predicate);
  }

  /** Returns whether some subject has digest {@code digest}. */
  public boolean covers(Digest digest) {
    return subjects.stream().anyMatch(s -> s.digest().equals(digest));
  }

  /** Returns the JSON object form. */
  public ObjectNode toJson() {
    ObjectNode root = Json.object();
    root.put("_type", TYPE);
    ArrayNode subject = root.putArray("subject");
    for (Subject s : subjects) {
      ObjectNode o = subject.addObject();
      o.put("name", s.name());
      o.putObject("digest").put("sha256", s.digest().hex());
    }
    root.put("predicateType", predicateType);
    root.set("predicate", predicate.deepCopy());
    return root;
  }

  /** Returns an envelope carrying this statement's canonical JSON, signed by {@code keys}. */
  public Envelope sign(SigningKey... keys) {
    return Envelope.of(Envelope.IN_TOTO_PAYLOAD_TYPE, CanonicalJson.canonicalize(toJson()))
        .signedBy(keys);
  }

  /**
   * Opens an attestation: checks the payload type, parses the statement and requires it to be about
   * {@code manifestDigest}. Signatures are checked separately ({@link TrustPolicy}).
   *
   * @throws MalformedMetadataException if the envelope does not carry an in-toto v1 statement
   * @throws MixAndMatchException if no subject is the manifest
   */
  public static Statement open(Envelope attestation, Digest manifestDigest)
      throws MalformedMetadataException, MixAndMatchException {
    if (!Envelope.IN_TOTO_PAYLOAD_TYPE.equals(attestation.payloadType())) {
      throw new MalformedMetadataException(
          "attestation payload type is " + attestation.payloadType());
    }
    Statement s = parse(attestation.payload());
    if (!s.covers(manifestDigest)) {
      throw new MixAndMatchException(
          "attestation " + s.predicateType() + " is not about manifest " + manifestDigest);
    }
    return s;
  }

  /** Parses a statement (any JSON encoding; unknown members are ignored as in-toto requires). */
  public static Statement parse(byte[] json) throws MalformedMetadataException {
    JsonNode root;
    try {
      root = CanonicalJson.parse(json);
    } catch (CanonicalJsonException e) {
      throw new MalformedMetadataException("statement is not JSON: " + e.getMessage(), e);
    }
    if (!TYPE.equals(Json.text(root, "_type"))) {
      throw new MalformedMetadataException("not an in-toto Statement v1: " + root.get("_type"));
    }
    List<Subject> subjects = new ArrayList<>();
    for (JsonNode s : Json.array(root, "subject")) {
      String hex = Json.text(Json.field(s, "digest"), "sha256");
      try {
        subjects.add(new Subject(Json.text(s, "name"), Digest.parse(Digest.PREFIX + hex)));
      } catch (IllegalArgumentException e) {
        throw new MalformedMetadataException("bad subject digest: " + e.getMessage(), e);
      }
    }
    try {
      return new Statement(
          subjects, Json.text(root, "predicateType"), Json.field(root, "predicate"));
    } catch (IllegalArgumentException e) {
      throw new MalformedMetadataException("invalid statement: " + e.getMessage(), e);
    }
  }
}
