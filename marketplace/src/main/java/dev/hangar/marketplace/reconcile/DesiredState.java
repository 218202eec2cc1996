package dev.hangar.marketplace.reconcile;

import dev.hangar.deployer.reconcile.Intent;
import dev.hangar.deployer.reconcile.Intent.Goal;
import dev.hangar.marketplace.deployment.DeploymentState;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads what Hangar wants from the database: one {@link Intent} per deployment that may have
 * something on a node, and the claims no deployment references. Plain JDBC, read-only, no
 * transaction of the caller's.
 */
@ApplicationScoped
public class DesiredState {
  private static final String COLUMNS =
      "select d.id, d.domain_name, d.node_name, d.state, d.step, d.claim_id, d.updated_at,"
          + " (select count(*) from deploy_job j where j.subject_id = d.id and j.status <> 'DONE')"
          + " from deployment d where ";
  private static final int CHUNK = 200;

  private final AgroalDataSource dataSource;

  public DesiredState(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** One deployment row as read, with its intent. */
  public record Row(UUID id, DeploymentState state, OffsetDateTime updatedAt, Intent intent) {}

  /** A claim that no deployment (other than a destroyed one) references. */
  public record LooseClaim(UUID id, String node, Instant createdAt) {}

  /**
   * The deployments that may concern node {@code node}: those placed there that are not DESTROYED,
   * and any whose domain name is among {@code domainNames} (something named after it was seen on
   * the node).
   *
   * @param restarts reconciler restarts per deployment within the restart window
   */
  public List<Row> rows(String node, Collection<String> domainNames, Map<UUID, Integer> restarts) {
    Map<UUID, Row> out = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(COLUMNS + "d.node_name = ? and d.state <> 'DESTROYED'")) {
        s.setString(1, node);
        read(s, restarts, out);
      }
      List<String> names = new ArrayList<>(domainNames);
      for (int from = 0; from < names.size(); from += CHUNK) {
        List<String> chunk = names.subList(from, Math.min(names.size(), from + CHUNK));
        String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
        try (PreparedStatement s =
            c.prepareStatement(COLUMNS + "d.domain_name in (" + marks + ")")) {
          for (int i = 0; i < chunk.size(); i++) {
            s.setString(i + 1, chunk.get(i));
          }
          read(s, restarts, out);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read deployments to reconcile", e);
    }
    return List.copyOf(out.values());
  }

  /** Claims no live deployment references, oldest first. */
  public List<LooseClaim> looseClaims() {
    String sql =
        "select c.id, c.node_name, c.created_at from node_claim c where not exists"
            + " (select 1 from deployment d where d.claim_id = c.id and d.state <> 'DESTROYED')"
            + " order by c.created_at";
    List<LooseClaim> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(
            new LooseClaim(
                r.getObject(1, UUID.class),
                r.getString(2),
                r.getObject(3, OffsetDateTime.class).toInstant()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read claims to reconcile", e);
    }
    return out;
  }

  private static void read(PreparedStatement s, Map<UUID, Integer> restarts, Map<UUID, Row> out)
      throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        UUID id = r.getObject(1, UUID.class);
        DeploymentState state = DeploymentState.valueOf(r.getString(4));
        String step = r.getString(5);
        boolean holdsAttempt = step != null || r.getObject(6) != null;
        OffsetDateTime updatedAt = r.getObject(7, OffsetDateTime.class);
        boolean openJob = r.getLong(8) > 0;
        Goal goal = goal(state, holdsAttempt);
        boolean busy = openJob || goal == null;
        Intent intent =
            new Intent(
                id.toString(),
                r.getString(2),
                holdsAttempt || goal == Goal.RUNNING || goal == Goal.STOPPED
                    ? r.getString(3)
                    : null,
                goal == null ? Goal.KEEP : goal,
                busy,
                updatedAt.toInstant(),
                restarts.getOrDefault(id, 0));
        out.put(id, new Row(id, state, updatedAt, intent));
      }
    }
  }

  /** The goal of a deployment in a settled state; null for states a job or runner is moving. */
  static Goal goal(DeploymentState state, boolean holdsAttempt) {
    return switch (state) {
      case READY -> Goal.RUNNING;
      case STOPPED -> Goal.STOPPED;
      case FAILED -> holdsAttempt ? Goal.KEEP : Goal.ABSENT;
      case DESTROYED -> Goal.ABSENT;
      case PENDING, STAGING, BOOTING, STOPPING, STARTING, REBOOTING, DESTROYING -> null;
    };
  }
}
