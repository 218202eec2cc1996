package dev.hangar.marketplace.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.problem.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Runs a POST at most once per caller and Idempotency-Key. Never use it for responses that carry
 * secrets (API tokens): the response is stored to be replayed. The key is claimed before the action
 * runs (a concurrent duplicate gets 409), the response is stored after it succeeds, and a failed
 * action releases the key so the client may retry.
 */
@ApplicationScoped
public class Idempotency {
  private static final int MAX_KEY = 200;

  private final EntityManager em;
  private final ObjectMapper json;

  public Idempotency(EntityManager em, ObjectMapper json) {
    this.em = em;
    // Map entries in key order, so equal bodies hash equally whatever order the client used.
    this.json = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  }

  /**
   * Returns {@code action}'s response, or the stored response of an earlier request with the same
   * caller, key, operation and body.
   *
   * @param key the Idempotency-Key header, or null to just run the action
   * @param operation what is requested, e.g. {@code POST /api/v1/deployments}
   * @param request the parsed request body; its JSON form is what "same body" compares
   */
  public Response execute(
      String key, Caller caller, String operation, Object request, Supplier<Response> action) {
    if (key == null) {
      return action.get();
    }
    if (key.isBlank() || key.length() > MAX_KEY) {
      throw ApiException.badField("Idempotency-Key", "must be 1-" + MAX_KEY + " characters");
    }
    IdempotencyRecord.Key id = new IdempotencyRecord.Key(caller.name(), key);
    String hash = hash(operation, request);
    Response replay = claim(id, hash);
    if (replay != null) {
      return replay;
    }
    Response response;
    try {
      response = action.get();
    } catch (RuntimeException e) {
      QuarkusTransaction.requiringNew().run(() -> remove(id));
      throw e;
    }
    store(id, response);
    return response;
  }

  /** Claims the key, or returns the replay of a finished earlier request; throws on conflicts. */
  private Response claim(IdempotencyRecord.Key id, String hash) {
    try {
      return QuarkusTransaction.requiringNew()
          .call(
              () -> {
                IdempotencyRecord existing = em.find(IdempotencyRecord.class, id);
                if (existing == null) {
                  IdempotencyRecord r = new IdempotencyRecord();
                  r.id = id;
                  r.requestHash = hash;
                  r.createdAt = OffsetDateTime.now();
                  em.persist(r);
                  em.flush();
                  return null;
                }
                return replay(existing, hash);
              });
    } catch (PersistenceException e) {
      // Another request inserted the same key between our lookup and insert.
      throw ApiException.conflict(
          "a request with this Idempotency-Key is in progress; retry later");
    }
  }

  private static Response replay(IdempotencyRecord existing, String hash) {
    if (!existing.requestHash.equals(hash)) {
      throw new ApiException(
          422, "Idempotency-Key reused", "this Idempotency-Key was used for a different request");
    }
    if (existing.status == null) {
      throw ApiException.conflict(
          "a request with this Idempotency-Key is in progress; retry later");
    }
    Response.ResponseBuilder replay =
        Response.status(existing.status)
            .type(MediaType.APPLICATION_JSON)
            .entity(existing.responseBody)
            .header("Idempotent-Replayed", "true");
    if (existing.location != null) {
      replay.location(URI.create(existing.location));
    }
    return replay.build();
  }

  private void store(IdempotencyRecord.Key id, Response response) {
    String body;
    try {
      body = response.getEntity() == null ? null : json.writeValueAsString(response.getEntity());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response to store it", e);
    }
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              IdempotencyRecord r = em.find(IdempotencyRecord.class, id);
              r.status = response.getStatus();
              r.responseBody = body;
              r.location =
                  response.getLocation() == null ? null : response.getLocation().toString();
            });
  }

  private void remove(IdempotencyRecord.Key id) {
    IdempotencyRecord r = em.find(IdempotencyRecord.class, id);
    if (r != null && r.status == null) {
      em.remove(r);
    }
  }

  private String hash(String operation, Object request) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(operation.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(json.writeValueAsBytes(request));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("cannot hash the request", e);
    }
  }
}
