package dev.hangar.marketplace.account;

import dev.hangar.marketplace.config.HangarConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes sure an administrator can get in: registers {@code hangar.auth.admin-token} when it is
 * configured, and otherwise, on a database without users, creates {@code admin} with a fresh token
 * written to {@code hangar.auth.admin-token-file} (mode 0600). The token itself is never logged.
 */
@ApplicationScoped
public class AccountBootstrap {
  private static final Logger LOG = Logger.getLogger(AccountBootstrap.class);
  static final String ADMIN = "admin";

  private final AccountService accounts;
  private final HangarConfig config;

  public AccountBootstrap(AccountService accounts, HangarConfig config) {
    this.accounts = accounts;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    Optional<String> configured = config.auth().adminToken();
    if (configured.isPresent()) {
      accounts.ensureToken(ADMIN, Role.ADMIN, "configured", configured.get());
      return;
    }
    if (accounts.userCount() == 0) {
      String token =
          accounts.ensureUserWithToken(ADMIN, Role.ADMIN, Optional.empty(), "bootstrap").token();
      Path file = config.auth().adminTokenFile().toAbsolutePath();
      write(file, token);
      LOG.infof("created user 'admin'; its API token is in %s", file);
    }
  }

  private static void write(Path file, String token) {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, token + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the admin token to " + file, e);
    }
  }
}
