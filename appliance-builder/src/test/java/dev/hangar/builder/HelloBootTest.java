package dev.hangar.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.context.SeedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boots the hello sample under plain QEMU/TCG with a NoCloud seed and waits for readiness. */
class HelloBootTest {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path dir;

  private static BuiltAppliance built;

  @BeforeAll
  static void buildHello() {
    built =
        new ApplianceBuilder(BuilderConfig.defaults())
            .build(Samples.recipe("hello"), dir.resolve("out"));
  }

  @Test
  void helloBootsToReadyUnderQemu() throws Exception {
    Path root = copyOfRoot("ready");
    Path seed =
        Seeds.iso(
            dir,
            "ready",
            // hello names the hostname component: with DOMAIN it sets the FQDN.
            Samples.contextualize(
                built,
                SeedRequest.of("i-test123", "hello-test").withParameter("DOMAIN", "example.org")));

    try (QemuGuest guest =
        QemuGuest.of(built, built.descriptor().cmdline()).disk(root).seed(seed).start()) {
      double seconds = guest.awaitLine("HANGAR-READY i-test123", READY_TIMEOUT);
      System.out.printf("hello: HANGAR-READY after %.2f s under TCG%n", seconds);
    }

    // The agent synced before READY: replay the journal of the killed VM's disk and read its page.
    Process fsck =
        new ProcessBuilder("e2fsck", "-fy", root.toString()).redirectErrorStream(true).start();
    String fsckOut = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(fsck.waitFor(60, TimeUnit.SECONDS) && fsck.exitValue() <= 1, fsckOut);
    String page = debugfsCat(root, "/var/www/index.html");
    assertTrue(page.contains("<h1>Hello from hello-test</h1>"), page);
    assertTrue(page.contains("Instance id: <code>i-test123</code>"), page);
    assertTrue(page.contains("local-hostname: hello-test"), page);
    assertEquals("hello-test\n", debugfsCat(root, "/etc/hostname"));
    assertTrue(
        debugfsCat(root, "/etc/hosts").contains("127.0.1.1 hello-test.example.org hello-test"));
    assertEquals(
        built.descriptor().partitions().get(0).sha256(), Sha256.of(built.partitionFile("root")));
  }

  @Test
  void guestAgentReportsMissingSeedOnTheConsole() throws Exception {
    Path root = copyOfRoot("noseed");
    try (QemuGuest guest = QemuGuest.of(built, built.descriptor().cmdline()).disk(root).start()) {
      guest.awaitLine("HANGAR-FAILED no NoCloud seed (CIDATA) found", READY_TIMEOUT);
    }
  }

  @Test
  void initramfsReportsMissingRootDeviceOnTheConsole() throws Exception {
    try (QemuGuest guest =
        QemuGuest.of(built, built.descriptor().cmdline() + " hangar.roottimeout=1").start()) {
      guest.awaitLine("HANGAR-FAILED root device /dev/vda did not appear within 1s", READY_TIMEOUT);
    }
  }

  private static Path copyOfRoot(String name) throws IOException {
    // QEMU writes to the root disk; the build output must stay as its descriptor says.
    Path copy = dir.resolve(name + "-root.img");
    Files.copy(built.partitionFile("root"), copy);
    return copy;
  }

  private static String debugfsCat(Path image, String file) throws Exception {
    Process p = new ProcessBuilder("debugfs", "-R", "cat " + file, image.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    return out;
  }
}
