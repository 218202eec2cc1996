package dev.hangar.marketplace.pool;

import dev.hangar.deployer.scheduler.Claim;
import dev.hangar.deployer.scheduler.ClaimStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Claims in the database, where they are authoritative across every instance of the service.
 *
 * <p>{@link #save} is one transaction of two steps (on PostgreSQL one statement): a conditional
 * {@code UPDATE vmm_node SET used = used + claim WHERE used + claim <= cap} and the claim's INSERT.
 * The UPDATE takes the node row's lock and re-checks the caps against the committed usage, so two
 * instances racing for the last room on a node serialise there and the second one's UPDATE matches
 * no row: it gets a {@link CapacityTakenException} and nothing is stored. {@link #delete} removes
 * the claim and subtracts it in one transaction; deleting an absent claim changes nothing. {@link
 * #save} and {@link #delete} must be called outside container transactions (they commit their own);
 * reads may be called anywhere.
 */
public final class PgClaimStore implements ClaimStore {
  private static final String RESERVE =
      "update vmm_node set used_cpus = used_cpus + ?, used_memory_mib = used_memory_mib + ?"
          + " where name = ? and used_cpus + ? <= vcpu_cap and used_memory_mib + ? <= memory_cap_mib";
  private static final String INSERT =
      "insert into node_claim (id, node_name, domain_type, vcpus, memory_mib, group_name,"
          + " created_at) values (?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT =
      "select id, node_name, domain_type, vcpus, memory_mib," + " group_name from node_claim";

  // PostgreSQL: the same two steps as one statement (a data-modifying CTE), so a claim costs one
  // round trip and one commit instead of three round trips; still atomic, as one statement.
  private static final String RESERVE_AND_INSERT =
      "with reserved as (update vmm_node set used_cpus = used_cpus + ?,"
          + " used_memory_mib = used_memory_mib + ? where name = ? and used_cpus + ? <= vcpu_cap"
          + " and used_memory_mib + ? <= memory_cap_mib returning name)"
          + " insert into node_claim (id, node_name, domain_type, vcpus, memory_mib, group_name,"
          + " created_at) select ?, name, ?, ?, ?, ?, ? from reserved";
  private static final String DELETE_AND_SUBTRACT =
      "with gone as (delete from node_claim where id = ? returning node_name, vcpus, memory_mib)"
          + " update vmm_node n set used_cpus = n.used_cpus - g.vcpus,"
          + " used_memory_mib = n.used_memory_mib - g.memory_mib from gone g"
          + " where n.name = g.node_name";

  private final DataSource dataSource;
  private volatile Boolean postgres;

  public PgClaimStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  private boolean postgres(Connection c) throws SQLException {
    if (postgres == null) {
      postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
    }
    return postgres;
  }

  /**
   * Reserves {@code claim}'s capacity on its node and records it.
   *
   * @throws CapacityTakenException if the node's committed usage leaves no room for it
   */
  @Override
  public void save(Claim claim) {
    if (single(
        RESERVE_AND_INSERT,
        claim.nodeId(),
        claim.vcpus(),
        claim.memoryMiB(),
        claim.nodeId(),
        claim.vcpus(),
        claim.memoryMiB(),
        claim.id(),
        claim.domainType(),
        claim.vcpus(),
        claim.memoryMiB(),
        claim.group().orElse(null),
        OffsetDateTime.now())) {
      return;
    }
    inTransaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement(RESERVE)) {
            s.setInt(1, claim.vcpus());
            s.setLong(2, claim.memoryMiB());
            s.setString(3, claim.nodeId());
            s.setInt(4, claim.vcpus());
            s.setLong(5, claim.memoryMiB());
            if (s.executeUpdate() != 1) {
              throw new CapacityTakenException(claim.nodeId());
            }
          }
          try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setObject(1, claim.id());
            s.setString(2, claim.nodeId());
            s.setString(3, claim.domainType());
            s.setInt(4, claim.vcpus());
            s.setLong(5, claim.memoryMiB());
            s.setString(6, claim.group().orElse(null));
            s.setObject(7, OffsetDateTime.now());
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void delete(UUID id) {
    if (single(DELETE_AND_SUBTRACT, null, id)) {
      return;
    }
    inTransaction(
        c -> {
          Optional<Claim> claim;
          try (PreparedStatement s = c.prepareStatement(SELECT + " where id = ? for update")) {
            s.setObject(1, id);
            claim = read(s).stream().findFirst();
          }
          if (claim.isEmpty()) {
            return null;
          }
          try (PreparedStatement s = c.prepareStatement("delete from node_claim where id = ?")) {
            s.setObject(1, id);
            s.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "update vmm_node set used_cpus = used_cpus - ?,"
                      + " used_memory_mib = used_memory_mib - ? where name = ?")) {
            s.setInt(1, claim.get().vcpus());
            s.setLong(2, claim.get().memoryMiB());
            s.setString(3, claim.get().nodeId());
            s.executeUpdate();
          }
          return null;
        });
  }

  /** The claim {@code id}, if it is held. */
  public Optional<Claim> find(UUID id) {
    return query(
        c -> {
          try (PreparedStatement s = c.prepareStatement(SELECT + " where id = ?")) {
            s.setObject(1, id);
            return read(s).stream().findFirst();
          }
        });
  }

  @Override
  public List<Claim> loadAll() {
    return query(
        c -> {
          try (PreparedStatement s = c.prepareStatement(SELECT)) {
            return read(s);
          }
        });
  }

  private static List<Claim> read(PreparedStatement s) throws SQLException {
    List<Claim> claims = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        claims.add(
            new Claim(
                r.getObject(1, UUID.class),
                r.getString(2),
                r.getString(3),
                r.getInt(4),
                r.getLong(5),
                Optional.ofNullable(r.getString(6))));
      }
    }
    return claims;
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code sql} as one autocommitted statement on PostgreSQL and returns true; returns false
   * (running nothing) on other databases, which take the multi-statement path.
   *
   * @param reservingOn for a reserving statement, the node; null for others
   * @throws CapacityTakenException if the reserving statement inserted no claim
   */
  private boolean single(String sql, String reservingOn, Object... args) {
    try (Connection c = dataSource.getConnection()) {
      if (!postgres(c)) {
        return false;
      }
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          if (args[i] == null) {
            s.setNull(i + 1, java.sql.Types.VARCHAR);
          } else {
            s.setObject(i + 1, args[i]);
          }
        }
        int rows = s.executeUpdate();
        if (reservingOn != null && rows != 1) {
          throw new CapacityTakenException(reservingOn);
        }
        return true;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("claim store: " + e.getMessage(), e);
    }
  }

  /** One read; joins the caller's container transaction if there is one (no commit of its own). */
  private <T> T query(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("claim store: " + e.getMessage(), e);
    }
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("claim store: " + e.getMessage(), e);
    }
  }
}
