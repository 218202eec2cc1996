package dev.hangar.marketplace.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.deployer.pool.NodeState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The {@code vmm_node} table, in plain JDBC like the claim store that shares it. Each method is one
 * statement; a duplicate name or URI surfaces as {@link DuplicateNodeException}.
 */
public final class NodeRegistry {
  private static final String COLUMNS =
      "name, uri, state, labels, site, origin, reachable, last_error, cpus, memory_mib, arches,"
          + " domain_types, vcpu_cap, memory_cap_mib, used_cpus, used_memory_mib";

  private final DataSource dataSource;
  private final ObjectMapper json;

  public NodeRegistry(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  /** Thrown when a node with the same name or URI is already registered. */
  public static final class DuplicateNodeException extends RuntimeException {
    DuplicateNodeException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Every node, ordered by name. */
  public List<NodeRecord> list() {
    return query("select " + COLUMNS + " from vmm_node order by name");
  }

  /** The node called {@code name}. */
  public Optional<NodeRecord> find(String name) {
    return query("select " + COLUMNS + " from vmm_node where name = ?", name).stream().findFirst();
  }

  /** Adds a node, not yet probed. */
  public void insert(
      String name,
      String uri,
      NodeState state,
      Map<String, String> labels,
      String site,
      String origin) {
    String sql =
        "insert into vmm_node (name, uri, state, labels, site, origin, created_at)"
            + " values (?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, name);
      s.setString(2, uri);
      s.setString(3, state.name());
      s.setString(4, toJson(labels));
      s.setString(5, site);
      s.setString(6, origin);
      s.setObject(7, OffsetDateTime.now());
      s.executeUpdate();
    } catch (SQLException e) {
      // 23505 (PostgreSQL) / 23505 (H2): unique violation.
      if ("23505".equals(e.getSQLState())) {
        throw new DuplicateNodeException("a node with name " + name + " or URI " + uri, e);
      }
      throw new IllegalStateException("cannot register node " + name, e);
    }
  }

  /** Replaces a configured node's URI and labels with what the configuration now says. */
  public void updateConfigured(String name, String uri, Map<String, String> labels) {
    update("update vmm_node set uri = ?, labels = ? where name = ?", uri, toJson(labels), name);
  }

  /** Records the operator state of node {@code name}; false if there is no such node. */
  public boolean setState(String name, NodeState state) {
    return update("update vmm_node set state = ? where name = ?", state.name(), name) == 1;
  }

  /** Records a health check's outcome: capacity and caps when reachable, the error when not. */
  public void recordProbe(String name, Probed probed) {
    if (probed.error() != null) {
      update(
          "update vmm_node set reachable = false, last_error = ?, checked_at = ? where name = ?",
          probed.error(),
          OffsetDateTime.now(),
          name);
      return;
    }
    String sql =
        "update vmm_node set reachable = true, last_error = null, checked_at = ?, cpus = ?,"
            + " memory_mib = ?, arches = ?, domain_types = ?, vcpu_cap = ?, memory_cap_mib = ?"
            + " where name = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, OffsetDateTime.now());
      s.setInt(2, probed.cpus());
      s.setLong(3, probed.memoryMiB());
      s.setString(4, String.join(",", new TreeSet<>(probed.arches())));
      s.setString(5, String.join(",", new TreeSet<>(probed.domainTypes())));
      s.setInt(6, probed.vcpuCap());
      s.setLong(7, probed.memoryCapMiB());
      s.setString(8, name);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record probe of node " + name, e);
    }
  }

  /**
   * A probe outcome to record.
   *
   * @param error why the node could not be probed; null when it was
   */
  public record Probed(
      String error,
      int cpus,
      long memoryMiB,
      Set<String> arches,
      Set<String> domainTypes,
      int vcpuCap,
      long memoryCapMiB) {
    static Probed unreachable(String error) {
      return new Probed(error, 0, 0, Set.of(), Set.of(), 0, 0);
    }
  }

  /**
   * Removes node {@code name} if nothing is claimed on it.
   *
   * @return false if no such node exists
   * @throws IllegalStateException if claims still reference the node
   */
  public boolean delete(String name) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "delete from vmm_node where name = ? and not exists"
                    + " (select 1 from node_claim where node_name = ?)")) {
      s.setString(1, name);
      s.setString(2, name);
      if (s.executeUpdate() == 1) {
        return true;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot remove node " + name, e);
    }
    if (find(name).isPresent()) {
      throw new IllegalStateException("node " + name + " still holds claims");
    }
    return false;
  }

  private int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot update vmm_node", e);
    }
  }

  private List<NodeRecord> query(String sql, String... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setString(i + 1, args[i]);
      }
      List<NodeRecord> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new NodeRecord(
                  r.getString(1),
                  r.getString(2),
                  NodeState.valueOf(r.getString(3)),
                  fromJson(r.getString(4)),
                  r.getString(5),
                  r.getString(6),
                  r.getBoolean(7),
                  r.getString(8),
                  r.getInt(9),
                  r.getLong(10),
                  split(r.getString(11)),
                  split(r.getString(12)),
                  r.getInt(13),
                  r.getLong(14),
                  r.getInt(15),
                  r.getLong(16)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read vmm_node", e);
    }
  }

  private static Set<String> split(String csv) {
    return csv == null || csv.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(csv.split(",")));
  }

  private String toJson(Map<String, String> labels) {
    try {
      return json.writeValueAsString(labels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise labels", e);
    }
  }

  private Map<String, String> fromJson(String labels) {
    try {
      return json.readValue(labels, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored labels are not a JSON object", e);
    }
  }
}
