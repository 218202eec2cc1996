package dev.hangar.marketplace.account;

import dev.hangar.marketplace.account.AccountApi.CreateToken;
import dev.hangar.marketplace.account.AccountApi.CreateUser;
import dev.hangar.marketplace.account.AccountApi.IssuedToken;
import dev.hangar.marketplace.account.AccountApi.Me;
import dev.hangar.marketplace.account.AccountApi.UserDto;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** Users and API tokens (admin only), and who the caller is. */
@Path("/api/v1")
public class AccountResource {
  private final AccountService service;
  private final SecurityIdentity identity;

  public AccountResource(AccountService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Path("me")
  @Authenticated
  public Me me() {
    Caller caller = Caller.of(identity);
    return new Me(caller.name(), caller.roles(), caller.publisherId().orElse(null));
  }

  @POST
  @Path("users")
  @RolesAllowed(Role.ADMIN_NAME)
  public Response createUser(@Valid @NotNull CreateUser request) {
    return Response.status(201).entity(service.create(Caller.of(identity), request)).build();
  }

  @GET
  @Path("users")
  @RolesAllowed(Role.ADMIN_NAME)
  public List<UserDto> users() {
    return service.list();
  }

  /** Issues a token; the response holds its only readable copy. */
  @POST
  @Path("users/{name}/tokens")
  @RolesAllowed(Role.ADMIN_NAME)
  public Response issueToken(@PathParam("name") String name, @Valid @NotNull CreateToken request) {
    IssuedToken token = service.issueToken(Caller.of(identity), name, request.name());
    return Response.status(201).entity(token).build();
  }

  @DELETE
  @Path("tokens/{id}")
  @RolesAllowed(Role.ADMIN_NAME)
  public Response revokeToken(@PathParam("id") UUID id) {
    service.revokeToken(Caller.of(identity), id);
    return Response.noContent().build();
  }
}
