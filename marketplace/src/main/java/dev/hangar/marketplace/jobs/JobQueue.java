package dev.hangar.marketplace.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code deploy_job} table as a work queue: many workers, in one process or many, each job
 * taken by one of them at a time.
 *
 * <p>Taking is one short transaction: {@code SELECT ... FOR UPDATE SKIP LOCKED} finds the oldest
 * due job no other transaction is looking at, and an UPDATE marks it RUNNING under the taker's
 * lease. Concurrent takers skip each other's locked rows instead of waiting, so they never get the
 * same job; a RUNNING job whose lease ran out (its worker died without finishing) is due again.
 * Every state change after the take is conditional on the lease holder, so a worker that lost its
 * lease (it stalled past it and someone else took over) cannot complete or renew the job.
 */
public final class JobQueue {
  private final DataSource dataSource;
  private final Clock clock;

  /** A queue in the database behind {@code dataSource}, with time from {@code clock}. */
  public JobQueue(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * Adds a job of {@code kind} on {@code subjectId}, due now. Uses the caller's transaction when
   * there is one (the data source enlists the connection), so a job exists exactly when the record
   * it works on was committed.
   */
  public UUID enqueue(UUID subjectId, String kind) {
    UUID id = UUID.randomUUID();
    String sql =
        "insert into deploy_job (id, subject_id, kind, status, attempts, run_after, created_at)"
            + " values (?, ?, ?, 'QUEUED', 0, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      OffsetDateTime now = now();
      s.setObject(1, id);
      s.setObject(2, subjectId);
      s.setString(3, kind);
      s.setObject(4, now);
      s.setObject(5, now);
      s.executeUpdate();
      return id;
    } catch (SQLException e) {
      throw new JobQueueException("cannot enqueue " + kind + " job for " + subjectId, e);
    }
  }

  /**
   * Takes the oldest due job of one of {@code kinds} for {@code workerId}, leased for {@code
   * lease}; empty if none is due. Must be called outside any container transaction.
   */
  public Optional<Job> take(String workerId, List<String> kinds, Duration lease) {
    String marks = String.join(", ", kinds.stream().map(k -> "?").toList());
    String select =
        "select id, subject_id, kind, status, attempts from deploy_job where kind in ("
            + marks
            + ") and ((status = 'QUEUED' and run_after <= ?) or (status = 'RUNNING' and"
            + " lease_until < ?)) order by run_after, created_at limit 1 for update skip locked";
    String update =
        "update deploy_job set status = 'RUNNING', leased_by = ?, lease_until = ?,"
            + " attempts = attempts + 1 where id = ?";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Optional<Job> taken = Optional.empty();
        OffsetDateTime now = now();
        try (PreparedStatement s = c.prepareStatement(select)) {
          int i = 1;
          for (String kind : kinds) {
            s.setString(i++, kind);
          }
          s.setObject(i++, now);
          s.setObject(i, now);
          try (ResultSet r = s.executeQuery()) {
            if (r.next()) {
              taken =
                  Optional.of(
                      new Job(
                          r.getObject(1, UUID.class),
                          r.getObject(2, UUID.class),
                          r.getString(3),
                          r.getInt(5) + 1,
                          "RUNNING".equals(r.getString(4))));
            }
          }
        }
        if (taken.isPresent()) {
          try (PreparedStatement s = c.prepareStatement(update)) {
            s.setString(1, workerId);
            s.setObject(2, now.plus(lease));
            s.setObject(3, taken.get().id());
            s.executeUpdate();
          }
        }
        c.commit();
        return taken;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new JobQueueException("cannot take a job", e);
    }
  }

  /** Extends {@code workerId}'s lease on job {@code id}; false if the worker no longer holds it. */
  public boolean renew(UUID id, String workerId, Duration lease) {
    return update(
        "update deploy_job set lease_until = ? where id = ? and status = 'RUNNING'"
            + " and leased_by = ?",
        now().plus(lease),
        id,
        workerId);
  }

  /** Marks job {@code id} DONE; false if {@code workerId} no longer held it. */
  public boolean complete(UUID id, String workerId) {
    return update(
        "update deploy_job set status = 'DONE', finished_at = ?, lease_until = null"
            + " where id = ? and status = 'RUNNING' and leased_by = ?",
        now(),
        id,
        workerId);
  }

  /** Gives job {@code id} back to the queue, due again after {@code delay}. */
  public boolean retryLater(UUID id, String workerId, Duration delay) {
    return update(
        "update deploy_job set status = 'QUEUED', run_after = ?, leased_by = null,"
            + " lease_until = null where id = ? and status = 'RUNNING' and leased_by = ?",
        now().plus(delay),
        id,
        workerId);
  }

  /** Jobs of {@code subjectId} not DONE yet. */
  public int openJobs(UUID subjectId) {
    String sql = "select count(*) from deploy_job where subject_id = ? and status <> 'DONE'";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, subjectId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw new JobQueueException("cannot count jobs of " + subjectId, e);
    }
  }

  private boolean update(String sql, OffsetDateTime time, UUID id, String workerId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, time);
      s.setObject(2, id);
      s.setString(3, workerId);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new JobQueueException("cannot update job " + id, e);
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
