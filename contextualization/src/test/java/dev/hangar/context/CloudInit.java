package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real cloud-init (Debian package {@code cloud-init}) on generated documents. A missing
 * cloud-init fails the calling test rather than skipping it.
 */
final class CloudInit {
  private CloudInit() {}

  /** The outcome of one cloud-init run. */
  record Result(int exitCode, String output) {}

  /** Runs {@code cloud-init schema --config-file} on {@code userData}. */
  static Result schema(String userData, Path dir) {
    Path file = write(dir, "user-data", userData);
    return run(List.of("cloud-init", "schema", "--config-file", file.toString()));
  }

  static void assertValidUserData(String userData, Path dir) {
    Result result = schema(userData, dir);
    assertEquals(0, result.exitCode(), result.output() + "\n--- user-data:\n" + userData);
    assertTrue(result.output().contains("Valid cloud-config"), result.output());
  }

  /**
   * Parses {@code networkConfig} with cloud-init's network-state parser and renders it with its
   * systemd-networkd renderer for Debian ({@code cloud-init devel net-convert}); this cloud-init
   * (22.4) has no network-config schema, so parsing and rendering is the check.
   */
  static Result netConvert(String networkConfig, Path dir) {
    return netConvert(networkConfig, dir, dir.resolve("networkd"));
  }

  /** Checks that cloud-init renders {@code networkConfig} and returns the one {@code .network}. */
  static String renderNetworkd(String networkConfig, Path dir) {
    Path out = dir.resolve("networkd");
    Result result = netConvert(networkConfig, dir, out);
    assertEquals(0, result.exitCode(), result.output() + "\n--- network-config:\n" + networkConfig);
    try (var files = Files.walk(out)) {
      List<Path> network = files.filter(p -> p.toString().endsWith(".network")).toList();
      assertEquals(1, network.size(), "rendered files: " + network);
      return Files.readString(network.get(0));
    } catch (IOException e) {
      return fail("cannot read rendered networkd config", e);
    }
  }

  private static Result netConvert(String networkConfig, Path dir, Path out) {
    Path file = write(dir, "network-config", networkConfig);
    return run(
        List.of(
            "cloud-init",
            "devel",
            "net-convert",
            "--network-data",
            file.toString(),
            "--kind",
            "yaml",
            "--distro",
            "debian",
            "--output-kind",
            "networkd",
            "--directory",
            out.toString()));
  }

  private static Path write(Path dir, String name, String text) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(Files.createTempFile(dir, name, ".yaml"), text);
    } catch (IOException e) {
      return fail("cannot write " + name, e);
    }
  }

  private static Result run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "cloud-init timed out");
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      return fail(
          "cloud-init is required (apt-get install -y --no-install-recommends cloud-init)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted", e);
    }
  }
}
