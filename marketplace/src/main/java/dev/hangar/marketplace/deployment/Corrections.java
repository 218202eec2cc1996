package dev.hangar.marketplace.deployment;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The reconciler's way into deployment records: state changes that happen only if the deployment is
 * still exactly as the reconciler saw it (same state, same {@code updated_at}), each with its
 * {@link DeploymentCorrection} in the same transaction, so a user's request, a job or another
 * instance that moved the deployment meanwhile always wins. Stop and start corrections hand the
 * deployment to the {@link LifecycleRunner}, as the API's power actions do.
 */
@ApplicationScoped
public class Corrections {
  private final EntityManager em;
  private final Event<DeploymentEvents.LifecycleRequested> lifecycleRequested;
  private final GuestEndpoints guests;

  public Corrections(
      EntityManager em,
      Event<DeploymentEvents.LifecycleRequested> lifecycleRequested,
      GuestEndpoints guests) {
    this.em = em;
    this.lifecycleRequested = lifecycleRequested;
    this.guests = guests;
  }

  /** A correction as the API shows it. */
  public record CorrectionDto(OffsetDateTime at, String kind, String node, String detail) {}

  /**
   * READY (unchanged since {@code seen}) → STARTING, carried out by the lifecycle runner (trust
   * check, cache verification, start, wait for READY).
   *
   * @return false if the deployment moved meanwhile; nothing was changed then
   */
  public boolean start(UUID id, OffsetDateTime seen, String node, String kind, String message) {
    return move(id, DeploymentState.READY, seen, DeploymentState.STARTING, node, kind, message);
  }

  /** STOPPED (unchanged since {@code seen}) → STOPPING, carried out by the lifecycle runner. */
  public boolean stop(UUID id, OffsetDateTime seen, String node, String kind, String message) {
    return move(id, DeploymentState.STOPPED, seen, DeploymentState.STOPPING, node, kind, message);
  }

  /**
   * {@code expected} (unchanged since {@code seen}) → FAILED with {@code message}. With {@code
   * releaseGuest} the guest's addresses are forgotten and its NoCloud-net token revoked, as for a
   * VM that no longer exists; the caller releases claim and volumes.
   */
  public boolean fail(
      UUID id,
      DeploymentState expected,
      OffsetDateTime seen,
      boolean releaseGuest,
      String node,
      String kind,
      String message) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              if (!compareAndSet(id, expected, seen, DeploymentState.FAILED, message)) {
                return false;
              }
              if (releaseGuest) {
                em.createQuery("update Deployment d set d.addresses = null where d.id = :id")
                    .setParameter("id", id)
                    .executeUpdate();
                guests.revoke(id);
              }
              insert(id, kind, node, message);
              return true;
            });
  }

  /** Records a correction that changed the node but not the deployment's state. */
  public void record(UUID id, String node, String kind, String detail) {
    QuarkusTransaction.requiringNew().run(() -> insert(id, kind, node, detail));
  }

  /** The deployment's corrections, oldest first. */
  public List<CorrectionDto> list(UUID id) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                em
                    .createQuery(
                        "from DeploymentCorrection c where c.deploymentId = :id order by c.id",
                        DeploymentCorrection.class)
                    .setParameter("id", id)
                    .getResultList()
                    .stream()
                    .map(c -> new CorrectionDto(c.at, c.kind, c.nodeName, c.detail))
                    .toList());
  }

  /** Corrections of {@code kind} made after {@code since}, counted per deployment. */
  public Map<UUID, Integer> countSince(String kind, OffsetDateTime since) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Map<UUID, Integer> out = new HashMap<>();
              for (Object[] row :
                  em.createQuery(
                          "select c.deploymentId, count(c) from DeploymentCorrection c"
                              + " where c.kind = :kind and c.at > :since group by c.deploymentId",
                          Object[].class)
                      .setParameter("kind", kind)
                      .setParameter("since", since)
                      .getResultList()) {
                out.put((UUID) row[0], ((Number) row[1]).intValue());
              }
              return out;
            });
  }

  private boolean move(
      UUID id,
      DeploymentState expected,
      OffsetDateTime seen,
      DeploymentState next,
      String node,
      String kind,
      String message) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              if (!compareAndSet(id, expected, seen, next, message)) {
                return false;
              }
              insert(id, kind, node, message);
              lifecycleRequested.fire(new DeploymentEvents.LifecycleRequested(id, next));
              return true;
            });
  }

  private boolean compareAndSet(
      UUID id,
      DeploymentState expected,
      OffsetDateTime seen,
      DeploymentState next,
      String message) {
    return em.createQuery(
                "update Deployment d set d.state = :next, d.message = :message,"
                    + " d.updatedAt = :now where d.id = :id and d.state = :expected"
                    + " and d.updatedAt = :seen")
            .setParameter("next", next)
            .setParameter("message", message)
            .setParameter("now", OffsetDateTime.now())
            .setParameter("id", id)
            .setParameter("expected", expected)
            .setParameter("seen", seen)
            .executeUpdate()
        == 1;
  }

  private void insert(UUID id, String kind, String node, String detail) {
    DeploymentCorrection c = new DeploymentCorrection();
    c.deploymentId = id;
    c.at = OffsetDateTime.now();
    c.kind = kind;
    c.nodeName = node;
    c.detail = detail.length() <= 2000 ? detail : detail.substring(0, 1997) + "...";
    em.persist(c);
  }
}
