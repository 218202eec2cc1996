package dev.hangar.context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A login account cloud-init creates in addition to the image's default user; its password is
 * locked, so it is reachable by SSH key only.
 *
 * @param name POSIX user name: lower-case letter or '_' then up to 31 of {@code [a-z0-9_-]}
 * @param sudo whether the user may run any command as root without a password
 * @param shell absolute path of the login shell
 * @param sshAuthorizedKeys OpenSSH public key lines, may be empty
 */
public record UserSpec(String name, boolean sudo, String shell, List<String> sshAuthorizedKeys) {
  static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  private static final String PASSWORDLESS_SUDO = "ALL=(ALL) NOPASSWD:ALL";

  /** Validates every field; {@link InvalidSeedException#field()} names the offending one. */
  public UserSpec {
    Fields.matching("users.name", name, NAME, "must be a POSIX user name");
    if (name.equals("default") || name.equals("root")) {
      throw new InvalidSeedException("users.name", "must not be '" + name + "'");
    }
    Fields.absolutePath("users." + name + ".shell", shell);
    sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys == null ? List.of() : sshAuthorizedKeys);
    for (int i = 0; i < sshAuthorizedKeys.size(); i++) {
      Fields.sshKey("users." + name + ".sshAuthorizedKeys[" + i + "]", sshAuthorizedKeys.get(i));
    }
  }

  /** A user with {@code /bin/bash} as shell. */
  public static UserSpec of(String name, boolean sudo, List<String> sshAuthorizedKeys) {
    return new UserSpec(name, sudo, "/bin/bash", sshAuthorizedKeys);
  }

  Map<String, Object> toCloudConfig() {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("name", name);
    if (sudo) {
      user.put("sudo", PASSWORDLESS_SUDO);
    }
    user.put("shell", shell);
    user.put("lock_passwd", true);
    if (!sshAuthorizedKeys.isEmpty()) {
      user.put("ssh_authorized_keys", sshAuthorizedKeys);
    }
    return user;
  }
}
