package dev.hangar.marketplace.audit;

import dev.hangar.marketplace.account.Caller;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Appends audit entries in the caller's transaction, so an action and its record commit or roll
 * back together; offers no way to change or remove an entry.
 */
@ApplicationScoped
public class AuditLog implements PanacheRepository<AuditEntry> {

  /** Records that {@code caller} did {@code action} to {@code targetType} {@code target}. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void record(
      Caller caller, String action, String targetType, String target, String detail) {
    AuditEntry e = new AuditEntry();
    e.at = OffsetDateTime.now();
    e.actor = caller.name();
    e.action = action;
    e.targetType = targetType;
    e.target = target.length() > 300 ? target.substring(0, 300) : target;
    e.detail = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
    persist(e);
  }

  /** Entries with an id above {@code after}, oldest first, at most {@code limit}. */
  @Transactional
  public List<AuditDto> page(long after, int limit) {
    return find("id > ?1 order by id", after).page(0, limit).list().stream()
        .map(AuditDto::of)
        .toList();
  }

  /** An audit entry as the API shows it. */
  public record AuditDto(
      long id,
      OffsetDateTime at,
      String actor,
      String action,
      String targetType,
      String target,
      String detail) {
    static AuditDto of(AuditEntry e) {
      return new AuditDto(e.id, e.at, e.actor, e.action, e.targetType, e.target, e.detail);
    }
  }
}
