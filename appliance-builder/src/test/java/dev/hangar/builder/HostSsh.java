package dev.hangar.builder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's OpenSSH client against a guest's port 22 forwarded to 127.0.0.1: a fresh client key
 * pair, and commands run with strict host key checking against exactly the key the test expects, so
 * a login proves that the daemon serves that key.
 */
final class HostSsh {
  private final Path dir;
  private final Path identity;

  /** Result of one {@code ssh} run. */
  record Result(int exit, String out, String err) {}

  private HostSsh(Path dir, Path identity) {
    this.dir = dir;
    this.identity = identity;
  }

  /** Makes an ed25519 client key pair (no passphrase) in {@code dir}. */
  static HostSsh withNewKey(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path identity = dir.resolve("id_ed25519");
    run(
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "hangar-test",
            "-f",
            identity.toString()),
        30);
    return new HostSsh(dir, identity);
  }

  /** The client's public key line, for the seed's ssh_authorized_keys. */
  String publicKey() throws IOException {
    return Files.readString(dir.resolve("id_ed25519.pub")).strip();
  }

  /**
   * Runs {@code command} as {@code user} on 127.0.0.1:{@code port}, trusting only {@code hostKey}
   * for that address; {@code options} are extra {@code -o} settings.
   */
  Result exec(int port, String hostKey, String user, List<String> options, String command)
      throws IOException, InterruptedException {
    Path knownHosts = dir.resolve("known_hosts-" + port);
    Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + hostKey + "\n");
    List<String> args = new ArrayList<>(List.of("ssh", "-p", Integer.toString(port)));
    args.addAll(List.of("-i", identity.toString(), "-F", "/dev/null"));
    for (String option :
        List.of(
            "BatchMode=yes",
            "StrictHostKeyChecking=yes",
            "UserKnownHostsFile=" + knownHosts,
            "GlobalKnownHostsFile=/dev/null",
            "IdentitiesOnly=yes",
            "ConnectTimeout=60")) {
      args.addAll(List.of("-o", option));
    }
    options.forEach(o -> args.addAll(List.of("-o", o)));
    args.addAll(List.of(user + "@127.0.0.1", command));
    return run(args, 120);
  }

  private static Result run(List<String> command, int seconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("hangar-ssh-", ".out");
    Path err = Files.createTempFile("hangar-ssh-", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command) + " did not finish in " + seconds + " s");
      }
      Result result =
          new Result(
              p.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      if (command.get(0).equals("ssh-keygen") && result.exit() != 0) {
        throw new AssertionError("ssh-keygen failed: " + result.err());
      }
      return result;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
