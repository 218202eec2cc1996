package dev.hangar.builder.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.Envelope;
import dev.hangar.store.trust.MalformedMetadataException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Submits a version's signatures and attestations, skipping those it already holds, so publishing
 * again stores nothing twice.
 */
final class EnvelopeSubmitter {
  private final MarketplaceCalls calls;

  EnvelopeSubmitter(MarketplaceCalls calls) {
    this.calls = calls;
  }

  /** Submits the manifest signatures not yet held (same manifest digest and key ids). */
  int signatures(String versionPath, List<byte[]> envelopes) {
    return submitNew(
        versionPath + "/signatures",
        "signature",
        envelopes,
        stored -> {
          List<String> keyIds = new ArrayList<>();
          stored.path("keyIds").forEach(k -> keyIds.add(k.asText()));
          return key(stored.path("manifestDigest").asText(), keyIds);
        },
        envelope -> {
          Envelope e = parse(envelope, "signature");
          return key(
              Digest.of(e.payload()).toString(),
              e.signatures().stream().map(Envelope.Signature::keyid).toList());
        });
  }

  /** Submits the attestations whose payload is not yet held. */
  int attestations(String versionPath, List<byte[]> envelopes) {
    return submitNew(
        versionPath + "/attestations",
        "attestation",
        envelopes,
        stored -> payloadDigest(stored.path("envelope").toString()),
        envelope -> payloadDigest(new String(envelope, StandardCharsets.UTF_8)));
  }

  /**
   * Lists what {@code path} holds, then posts each envelope whose identity (as {@code identity}
   * computes it) is not among them; returns how many were posted.
   */
  private int submitNew(
      String path,
      String kind,
      List<byte[]> envelopes,
      Function<JsonNode, String> storedIdentity,
      Function<byte[], String> identity) {
    if (envelopes.isEmpty()) {
      return 0;
    }
    Set<String> held = new HashSet<>();
    for (JsonNode stored : calls.send("list " + kind + "s", calls.get(path), 200)) {
      held.add(storedIdentity.apply(stored));
    }
    int submitted = 0;
    for (byte[] envelope : envelopes) {
      if (held.add(identity.apply(envelope))) {
        calls.send("submit a " + kind, calls.postBytes(path, envelope), 201);
        submitted++;
      }
    }
    return submitted;
  }

  private static String payloadDigest(String envelope) {
    return Digest.of(parse(envelope.getBytes(StandardCharsets.UTF_8), "attestation").payload())
        .toString();
  }

  private static Envelope parse(byte[] envelope, String kind) {
    try {
      return Envelope.parse(envelope);
    } catch (MalformedMetadataException e) {
      throw new PublishException(
          "a"
              + ("attestation".equals(kind) ? "n " : " ")
              + kind
              + " is not a DSSE envelope: "
              + e.getMessage(),
          0);
    }
  }

  private static String key(String manifestDigest, List<String> keyIds) {
    return manifestDigest + " " + keyIds.stream().sorted().toList();
  }
}
