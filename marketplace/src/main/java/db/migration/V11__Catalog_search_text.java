package db.migration;

import dev.hangar.marketplace.appliance.Appliance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Flyway migration 11: the column search words are matched against ({@link Appliance#searchText}),
 * filled for existing appliances by the same Java code that keeps it, and on PostgreSQL a trigram
 * GIN index ({@code pg_trgm}) so {@code like '%word%'} is an index scan instead of a scan of every
 * description. A Java migration because the index is PostgreSQL's alone; on H2 (the embedded
 * default) the column is scanned. {@code pg_trgm} is a trusted extension: the database owner may
 * create it. It lives in package {@code db.migration} because Quarkus runs only the Java migrations
 * under the Flyway locations ({@code db/migration}).
 */
public class V11__Catalog_search_text extends BaseJavaMigration {
  /** Name (64) + summary (300) + description (100,000) + 32 tags of 64, lower-cased, with room. */
  private static final int MAX_TEXT = 210_000;

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("alter table appliance add column search_text varchar(" + MAX_TEXT + ")");
    }
    fill(c);
    try (Statement s = c.createStatement()) {
      s.execute("alter table appliance alter column search_text set not null");
      if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
        s.execute("create extension if not exists pg_trgm");
        s.execute(
            "create index appliance_search_text on appliance"
                + " using gin (search_text gin_trgm_ops)");
      }
    }
  }

  private static void fill(Connection c) throws SQLException {
    Map<UUID, List<String>> tags = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select appliance_id, tag from appliance_tag order by tag")) {
      while (r.next()) {
        tags.computeIfAbsent(r.getObject(1, UUID.class), k -> new ArrayList<>())
            .add(r.getString(2));
      }
    }
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select id, name, summary, description from appliance");
        PreparedStatement update =
            c.prepareStatement("update appliance set search_text = ? where id = ?")) {
      while (r.next()) {
        UUID id = r.getObject(1, UUID.class);
        update.setString(
            1,
            Appliance.searchText(
                r.getString(2), r.getString(3), r.getString(4), tags.getOrDefault(id, List.of())));
        update.setObject(2, id);
        update.addBatch();
      }
      update.executeBatch();
    }
  }
}
