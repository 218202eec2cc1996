package dev.hangar.context;

import java.util.regex.Pattern;

/**
 * {@code ssh-access}: key-only SSH login with the request's authorized keys, either for the image's
 * default user or for a user {@code SSH_USER} it creates (with passwordless sudo unless {@code
 * SSH_SUDO=false}); password authentication is switched off.
 */
public final class SshAccessComponent implements Component {
  private static final Pattern BOOLEAN = Pattern.compile("true|false");

  @Override
  public String name() {
    return "ssh-access";
  }

  @Override
  public void contribute(ComponentContext context, CloudConfigBuilder config) {
    if (context.sshAuthorizedKeys().isEmpty()) {
      throw new InvalidSeedException(
          "sshAuthorizedKeys", "must hold at least one key for component " + name());
    }
    String sudo = context.optional("SSH_SUDO", "true");
    if (!BOOLEAN.matcher(sudo).matches()) {
      throw context.problem("SSH_SUDO", "must be true or false");
    }
    context
        .optional("SSH_USER")
        .ifPresentOrElse(
            user -> {
              if (!UserSpec.NAME.matcher(user).matches()) {
                throw context.problem("SSH_USER", "must be a POSIX user name");
              }
              config.addUser(
                  UserSpec.of(user, Boolean.parseBoolean(sudo), context.sshAuthorizedKeys()));
            },
            () -> config.addDefaultUserKeys(context.sshAuthorizedKeys()));
    config.disableSshPasswordAuthentication();
  }
}
