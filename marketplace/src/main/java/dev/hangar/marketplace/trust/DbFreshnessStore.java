package dev.hangar.marketplace.trust;

import dev.hangar.store.trust.CanonicalJson;
import dev.hangar.store.trust.CanonicalJsonException;
import dev.hangar.store.trust.FreshnessState;
import dev.hangar.store.trust.FreshnessStore;
import dev.hangar.store.trust.MalformedMetadataException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A node's freshness state in the {@code freshness_state} table, read and written in transactions
 * of their own so that a refused deployment's rollback cannot undo a recorded admission.
 */
final class DbFreshnessStore implements FreshnessStore {
  private final TrustRepositories.Freshness rows;
  private final String node;

  DbFreshnessStore(TrustRepositories.Freshness rows, String node) {
    this.rows = rows;
    this.node = node;
  }

  @Override
  public FreshnessState load() throws IOException {
    String json =
        QuarkusTransaction.requiringNew()
            .call(() -> rows.findByIdOptional(node).map(r -> r.state).orElse(null));
    if (json == null) {
      return FreshnessState.initial();
    }
    try {
      return FreshnessState.fromJson(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    } catch (MalformedMetadataException | CanonicalJsonException e) {
      // A corrupt row must not silently reset rollback protection.
      throw new IOException("corrupt freshness state of node " + node, e);
    }
  }

  @Override
  public void save(FreshnessState state) {
    String json = new String(CanonicalJson.canonicalize(state.toJson()), StandardCharsets.UTF_8);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              FreshnessRecord r = rows.findById(node);
              if (r == null) {
                r = new FreshnessRecord();
                r.node = node;
                r.state = json;
                rows.persist(r);
              } else {
                r.state = json;
              }
            });
  }
}
