package dev.hangar.marketplace.account;

import dev.hangar.marketplace.appliance.Names;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The JSON documents of the account API. */
public final class AccountApi {
  private AccountApi() {}

  /** Request body that creates a user; publishers name the publisher they act for. */
  public record CreateUser(
      @NotBlank @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String name,
      @NotNull Role role,
      @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String publisher) {}

  /** A user as the API shows it. */
  public record UserDto(
      UUID id, String name, Role role, String publisher, OffsetDateTime createdAt) {}

  /** Request body that issues a token. */
  public record CreateToken(
      @NotBlank @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String name) {}

  /** A newly issued token: the only time its secret value is shown. */
  public record IssuedToken(UUID id, String name, String token) {
    @Override
    public String toString() {
      return "IssuedToken[id=" + id + ", name=" + name + ", token=***]";
    }
  }

  /** Who the caller is. */
  public record Me(String name, java.util.Set<String> roles, UUID publisherId) {}
}
