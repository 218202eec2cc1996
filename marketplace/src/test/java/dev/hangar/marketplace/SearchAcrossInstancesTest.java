package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.marketplace.appliance.CatalogChanges;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Several instances share one database: a catalog change committed by one must reach the search
 * results another instance keeps in memory. The other instance is played by a plain JDBC connection
 * that does what {@link CatalogChanges} does in a changing transaction (the change and a {@code
 * NOTIFY} in one transaction), or listens as {@code CatalogChangeListener} does.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class SearchAcrossInstancesTest {
  @Inject AgroalDataSource dataSource;
  @Inject CatalogChanges changes;

  @Test
  void aChangeCommittedElsewhereShowsOnceItsNotificationArrives() throws Exception {
    waitFor(changes::observing, "the listener to connect");
    String publisher = TestApi.unique("elsewhere");
    String token = TestApi.publisherToken(publisher);
    String word = TestApi.unique("numbat").replace("-", "");
    String id = appliance(token, publisher, word);
    String url = "/api/v1/search?q=" + word;
    assertEquals(List.of(id), ids(url));
    assertEquals(List.of(id), ids(url), "now served from memory");

    // Another instance (here: plain SQL) makes it private without telling anyone: the page held
    // in memory is what this instance still answers. This is why the notification is needed.
    inTransaction("update appliance set visibility = 'PRIVATE' where id = ?", id, false);
    assertEquals(List.of(id), ids(url), "stale until notified: the cache is really in use");

    // What another instance's CatalogChanges does: the change and NOTIFY, in one transaction.
    inTransaction("update appliance set summary = summary where id = ?", id, true);
    waitFor(() -> ids(url).isEmpty(), "the private appliance to leave anonymous results");
    assertEquals(List.of(id), ids(token, url), "its publisher still finds it");
  }

  @Test
  void aChangeHereNotifiesOtherInstancesWhenItCommits() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("LISTEN " + CatalogChanges.CHANNEL);
      }
      PGConnection pg = c.unwrap(PGConnection.class);
      drain(pg);
      String publisher = TestApi.unique("notify");
      String token = TestApi.publisherToken(publisher);
      appliance(token, publisher, "anything");
      PGNotification[] arrived = pg.getNotifications(10_000);
      assertTrue(arrived != null && arrived.length > 0, "no notification within 10 s");
      assertEquals(CatalogChanges.CHANNEL, arrived[0].getName());

      drain(pg);
      // A request that changes nothing in the catalog (a refused update) sends nothing.
      as(token)
          .contentType(ContentType.JSON)
          .body(Map.of("publisher", publisher, "name", "bad/name", "summary", "x"))
          .post("/api/v1/appliances")
          .then()
          .statusCode(400);
      PGNotification[] none = pg.getNotifications(1_000);
      assertTrue(none == null || none.length == 0, "a refused request notified");
    }
  }

  private static void drain(PGConnection pg) throws Exception {
    while (true) {
      PGNotification[] n = pg.getNotifications(200);
      if (n == null || n.length == 0) {
        return;
      }
    }
  }

  private void inTransaction(String sql, String id, boolean notify) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement(sql)) {
        p.setObject(1, UUID.fromString(id));
        assertEquals(1, p.executeUpdate());
      }
      if (notify) {
        try (Statement s = c.createStatement()) {
          s.execute("NOTIFY " + CatalogChanges.CHANNEL);
        }
      }
      c.commit();
    }
  }

  private static String appliance(String token, String publisher, String word) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("publisher", publisher, "name", TestApi.unique("a"), "summary", word))
        .post("/api/v1/appliances")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static List<String> ids(String url) {
    return ids(null, url);
  }

  private static List<String> ids(String token, String url) {
    return as(token)
        .get(url)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", String.class);
  }

  private static void waitFor(Supplier<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 10 s for " + what);
      }
      Thread.sleep(50);
    }
  }
}
