package dev.hangar.marketplace.account;

import dev.hangar.marketplace.account.AccountApi.CreateUser;
import dev.hangar.marketplace.account.AccountApi.IssuedToken;
import dev.hangar.marketplace.account.AccountApi.UserDto;
import dev.hangar.marketplace.audit.AuditLog;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.publisher.Publisher;
import dev.hangar.marketplace.publisher.PublisherRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates users and issues and revokes their API tokens. */
@ApplicationScoped
public class AccountService {
  private final AccountRepositories.Users users;
  private final AccountRepositories.Tokens tokens;
  private final PublisherRepository publishers;
  private final AuditLog audit;

  public AccountService(
      AccountRepositories.Users users,
      AccountRepositories.Tokens tokens,
      PublisherRepository publishers,
      AuditLog audit) {
    this.users = users;
    this.tokens = tokens;
    this.publishers = publishers;
    this.audit = audit;
  }

  /** Creates a user; a publisher user must name an existing publisher, other roles none. */
  @Transactional
  public UserDto create(Caller caller, CreateUser request) {
    if (users.findByName(request.name()).isPresent()) {
      throw ApiException.conflict("user '" + request.name() + "' already exists");
    }
    Publisher publisher = null;
    if (request.role() == Role.PUBLISHER) {
      if (request.publisher() == null) {
        throw ApiException.badField("publisher", "is required for publisher users");
      }
      publisher =
          publishers
              .findByName(request.publisher())
              .orElseThrow(
                  () ->
                      ApiException.badField(
                          "publisher", "no publisher named '" + request.publisher() + "'"));
    } else if (request.publisher() != null) {
      throw ApiException.badField("publisher", "only publisher users act for a publisher");
    }
    AppUser user = new AppUser();
    user.id = UUID.randomUUID();
    user.name = request.name();
    user.role = request.role();
    user.publisher = publisher;
    user.createdAt = OffsetDateTime.now();
    users.persist(user);
    audit.record(caller, "create", "user", user.name, "role " + user.role);
    return toDto(user);
  }

  @Transactional
  public List<UserDto> list() {
    return users.listAll().stream().map(AccountService::toDto).toList();
  }

  /** Issues a token for {@code userName}; the returned value is the only copy of the secret. */
  @Transactional
  public IssuedToken issueToken(Caller caller, String userName, String tokenName) {
    AppUser user =
        users
            .findByName(userName)
            .orElseThrow(() -> ApiException.notFound("user '" + userName + "'"));
    return issue(caller, user, tokenName);
  }

  /** Revokes a token; its requests fail authentication from now on. Idempotent. */
  @Transactional
  public void revokeToken(Caller caller, UUID tokenId) {
    ApiToken token =
        tokens
            .findByIdOptional(tokenId)
            .orElseThrow(() -> ApiException.notFound("token " + tokenId));
    if (token.revokedAt == null) {
      token.revokedAt = OffsetDateTime.now();
      audit.record(caller, "revoke", "token", token.name + " of " + token.user.name, null);
    }
  }

  /**
   * Makes sure a user named {@code name} with {@code role} exists (acting for {@code publisher} if
   * given) and issues it a token; used for bootstrap and by in-process clients.
   */
  @Transactional
  public IssuedToken ensureUserWithToken(
      String name, Role role, Optional<String> publisher, String tokenName) {
    return issue(Caller.system(), ensureUser(name, role, publisher), tokenName);
  }

  private AppUser ensureUser(String name, Role role, Optional<String> publisher) {
    return users
        .findByName(name)
        .orElseGet(
            () -> {
              AppUser u = new AppUser();
              u.id = UUID.randomUUID();
              u.name = name;
              u.role = role;
              u.publisher = publisher.flatMap(publishers::findByName).orElse(null);
              u.createdAt = OffsetDateTime.now();
              users.persist(u);
              return u;
            });
  }

  /**
   * Registers {@code token} (e.g. from configuration) as a token of {@code userName} if it is new.
   */
  @Transactional
  public void ensureToken(String userName, Role role, String tokenName, String token) {
    AppUser user = ensureUser(userName, role, Optional.empty());
    String hash = Tokens.hash(token);
    if (tokens.find("tokenHash", hash).firstResultOptional().isEmpty()) {
      persistToken(user, tokenName, hash);
    }
  }

  @Transactional
  public long userCount() {
    return users.count();
  }

  private IssuedToken issue(Caller caller, AppUser user, String tokenName) {
    String secret = Tokens.generate();
    ApiToken token = persistToken(user, tokenName, Tokens.hash(secret));
    audit.record(caller, "issue", "token", tokenName + " of " + user.name, null);
    return new IssuedToken(token.id, token.name, secret);
  }

  private ApiToken persistToken(AppUser user, String name, String hash) {
    ApiToken token = new ApiToken();
    token.id = UUID.randomUUID();
    token.user = user;
    token.name = name;
    token.tokenHash = hash;
    token.createdAt = OffsetDateTime.now();
    tokens.persist(token);
    return token;
  }

  private static UserDto toDto(AppUser u) {
    return new UserDto(
        u.id, u.name, u.role, u.publisher == null ? null : u.publisher.name, u.createdAt);
  }
}
