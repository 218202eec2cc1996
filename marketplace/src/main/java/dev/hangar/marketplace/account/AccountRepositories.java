package dev.hangar.marketplace.account;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Persistence of users and tokens. */
public final class AccountRepositories {
  private AccountRepositories() {}

  /** Users by name. */
  @ApplicationScoped
  public static class Users implements PanacheRepositoryBase<AppUser, UUID> {
    public Optional<AppUser> findByName(String name) {
      return find("name", name).firstResultOptional();
    }
  }

  /** Tokens by hash; revoked tokens are never returned. */
  @ApplicationScoped
  public static class Tokens implements PanacheRepositoryBase<ApiToken, UUID> {
    public Optional<ApiToken> findActive(String hash) {
      return find(
              "from ApiToken t join fetch t.user u left join fetch u.publisher where t.tokenHash = ?1 and t.revokedAt is null",
              hash)
          .firstResultOptional();
    }
  }
}
