package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the tests that deploy real VMs on the local libvirtd ({@value #LIBVIRT}) through the API
 * share: waiting for a deployment's state, and {@code virsh} to look at the node behind the
 * service's back.
 */
public final class LibvirtTests {
  /** The node every real-boot test deploys to. */
  public static final String LIBVIRT = "qemu:///system";

  private LibvirtTests() {}

  /**
   * Polls deployment {@code id} as {@code token} until its state is {@code wanted} and returns it;
   * fails at once when it can no longer get there (FAILED, unless FAILED or DESTROYED is wanted;
   * DESTROYED, unless wanted), or after {@code timeout}.
   */
  public static JsonPath awaitState(String token, String id, String wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonPath last = null;
    while (System.nanoTime() < deadline) {
      last = as(token).get("/api/v1/deployments/" + id).then().statusCode(200).extract().jsonPath();
      String state = last.getString("state");
      if (state.equals(wanted)) {
        return last;
      }
      boolean stuck =
          state.equals("DESTROYED") || (state.equals("FAILED") && !wanted.equals("DESTROYED"));
      if (stuck) {
        fail("deployment " + id + " ended " + state + ": " + last.getString("message"));
      }
      Thread.sleep(500);
    }
    fail(
        "deployment "
            + id
            + " not "
            + wanted
            + " within "
            + timeout
            + "; last: "
            + (last == null ? null : last.prettify()));
    return last;
  }

  /** Runs {@code virsh -c qemu:///system args...}; fails unless it exits 0 within 60 s. */
  public static String virsh(String... args) throws IOException, InterruptedException {
    Run run = run(args);
    assertEquals(0, run.exit(), "virsh " + String.join(" ", args) + ": " + run.output());
    return run.output();
  }

  /** Whether {@code virsh -c qemu:///system args...} exits 0 (within 60 s). */
  public static boolean virshSucceeds(String... args) throws IOException, InterruptedException {
    return run(args).exit() == 0;
  }

  private record Run(int exit, String output) {}

  private static Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("virsh", "-c", LIBVIRT));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "virsh hung: " + command);
    return new Run(p.exitValue(), out);
  }
}
