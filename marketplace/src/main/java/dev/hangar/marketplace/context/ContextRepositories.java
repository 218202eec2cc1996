package dev.hangar.marketplace.context;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Repositories of the context package. */
public final class ContextRepositories {
  private ContextRepositories() {}

  /** Broker state per VM. */
  @ApplicationScoped
  public static class Members implements PanacheRepositoryBase<ContextMember, UUID> {
    /** The member whose live token hashes to {@code tokenHash}. */
    public Optional<ContextMember> findByTokenHash(String tokenHash) {
      return find("tokenHash", tokenHash).firstResultOptional();
    }

    /** Every member of {@code group}. */
    public List<ContextMember> inGroup(UUID group) {
      return list("group.id", group);
    }
  }

  /** Deployment groups. */
  @ApplicationScoped
  public static class Groups implements PanacheRepositoryBase<ContextGroup, UUID> {}
}
