package dev.hangar.marketplace.account;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a bearer token into the identity of its user, looking up the token's hash. */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
  private final AccountRepositories.Tokens tokens;

  public ApiTokenIdentityProvider(AccountRepositories.Tokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    String hash = Tokens.hash(request.getToken().getToken());
    return context.runBlocking(
        () ->
            QuarkusTransaction.requiringNew()
                .call(
                    () -> {
                      ApiToken token =
                          tokens
                              .findActive(hash)
                              .orElseThrow(
                                  () ->
                                      new AuthenticationFailedException(
                                          "unknown or revoked API token"));
                      AppUser user = token.user;
                      QuarkusSecurityIdentity.Builder identity =
                          QuarkusSecurityIdentity.builder()
                              .setPrincipal(new QuarkusPrincipal(user.name))
                              .addRoles(user.role.securityRoles())
                              .addAttribute(Caller.USER_ID, user.id);
                      if (user.publisher != null) {
                        identity.addAttribute(Caller.PUBLISHER_ID, user.publisher.id);
                      }
                      return (SecurityIdentity) identity.build();
                    }));
  }
}
