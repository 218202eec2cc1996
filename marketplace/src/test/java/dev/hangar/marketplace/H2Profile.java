package dev.hangar.marketplace;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Runs a test class on the embedded default database, H2 (in memory), instead of PostgreSQL, so the
 * migrations and queries are exercised on both.
 */
public class H2Profile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "quarkus.datasource.db-kind", "h2",
        "quarkus.datasource.jdbc.url", "jdbc:h2:mem:hangar-h2;DB_CLOSE_DELAY=-1",
        "quarkus.datasource.username", "hangar",
        "quarkus.datasource.password", "");
  }
}
