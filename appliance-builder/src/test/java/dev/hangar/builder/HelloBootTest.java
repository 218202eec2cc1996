package dev.hangar.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boots the hello sample under plain QEMU/TCG with a NoCloud seed and waits for readiness. */
class HelloBootTest {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final int TAIL_LINES = 40;
  // Firmware and the kernel's boot stub leave terminal resets on the console; they are not text.
  private static final Pattern ANSI_ESCAPE =
      Pattern.compile("\u001B(\\[[0-9;?]*[A-Za-z]|[A-Za-z])");

  @TempDir static Path dir;

  private static BuiltAppliance built;

  @BeforeAll
  static void buildHello() {
    built =
        new ApplianceBuilder(BuilderConfig.defaults())
            .build(Samples.helloRecipe(), dir.resolve("out"));
  }

  @Test
  void helloBootsToReadyUnderQemu() throws Exception {
    Path root = copyOfRoot("ready");
    Path seed = seedIso("i-test123", "hello-test");

    double seconds =
        bootUntil(
            "HANGAR-READY i-test123",
            built.descriptor().cmdline(),
            "-drive",
            "file=" + root + ",if=virtio,format=raw",
            "-device",
            "virtio-scsi-pci",
            "-drive",
            "file=" + seed + ",if=none,id=cd0,media=cdrom,readonly=on",
            "-device",
            "scsi-cd,drive=cd0");
    System.out.printf("hello: HANGAR-READY after %.2f s under TCG%n", seconds);

    // The agent synced before READY: replay the journal of the killed VM's disk and read its page.
    Process fsck =
        new ProcessBuilder("e2fsck", "-fy", root.toString()).redirectErrorStream(true).start();
    String fsckOut = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(fsck.waitFor(60, TimeUnit.SECONDS) && fsck.exitValue() <= 1, fsckOut);
    String page = debugfsCat(root, "/var/www/index.html");
    assertTrue(page.contains("<h1>Hello from from-user-data</h1>"), page);
    assertTrue(page.contains("Instance id: <code>i-test123</code>"), page);
    assertTrue(page.contains("local-hostname: hello-test"), page);
    assertEquals("from-user-data\n", debugfsCat(root, "/etc/hostname"));
    assertEquals(
        built.descriptor().partitions().get(0).sha256(), Sha256.of(built.partitionFile("root")));
  }

  @Test
  void guestAgentReportsMissingSeedOnTheConsole() throws Exception {
    Path root = copyOfRoot("noseed");
    bootUntil(
        "HANGAR-FAILED no NoCloud seed (CIDATA) found",
        built.descriptor().cmdline(),
        "-drive",
        "file=" + root + ",if=virtio,format=raw");
  }

  @Test
  void initramfsReportsMissingRootDeviceOnTheConsole() throws Exception {
    bootUntil(
        "HANGAR-FAILED root device /dev/vda did not appear within 1s",
        built.descriptor().cmdline() + " hangar.roottimeout=1");
  }

  private static Path copyOfRoot(String name) throws IOException {
    // QEMU writes to the root disk; the build output must stay as its descriptor says.
    Path copy = dir.resolve(name + "-root.img");
    Files.copy(built.partitionFile("root"), copy);
    return copy;
  }

  /**
   * Boots the appliance with the given cmdline and extra QEMU arguments until the console shows
   * {@code wanted} on a line of its own, then kills QEMU; returns seconds from start to that line.
   */
  private static double bootUntil(String wanted, String cmdline, String... extraArgs)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "qemu-system-x86_64",
                "-machine",
                "pc",
                "-accel",
                "tcg",
                "-m",
                "256",
                "-nographic",
                "-no-reboot",
                "-kernel",
                built.kernelFile().toString(),
                "-initrd",
                built.initrdFile().toString(),
                "-append",
                cmdline));
    command.addAll(List.of(extraArgs));
    Console console = new Console(wanted);
    long start = System.nanoTime();
    Process qemu = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      Thread reader = new Thread(() -> console.read(qemu), "qemu-console");
      reader.setDaemon(true);
      reader.start();
      if (!console.ready.await(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        fail(
            "no '"
                + wanted
                + "' within "
                + READY_TIMEOUT
                + "; last console lines:\n"
                + console.tail());
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      qemu.destroy();
      if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
        qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String debugfsCat(Path image, String file) throws Exception {
    Process p = new ProcessBuilder("debugfs", "-R", "cat " + file, image.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    return out;
  }

  private static Path seedIso(String instanceId, String hostname) throws Exception {
    Path seedDir = Files.createDirectories(dir.resolve("seed"));
    Files.writeString(
        seedDir.resolve("meta-data"),
        "instance-id: " + instanceId + "\nlocal-hostname: " + hostname + "\n");
    Files.writeString(
        seedDir.resolve("user-data"), "#cloud-config\nhostname: from-user-data\nwrite_files: []\n");
    Path iso = dir.resolve("seed.iso");
    Process p =
        new ProcessBuilder(
                "xorriso",
                "-as",
                "mkisofs",
                "-V",
                "CIDATA",
                "-J",
                "-r",
                "-o",
                iso.toString(),
                seedDir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "xorriso hung");
    assertEquals(0, p.exitValue(), out);
    return iso;
  }

  /** Collects console lines, keeping the last few, and signals when the wanted line appears. */
  private static final class Console {
    final CountDownLatch ready = new CountDownLatch(1);
    private final String wanted;
    private final Deque<String> lines = new ArrayDeque<>();

    Console(String wanted) {
      this.wanted = wanted;
    }

    void read(Process process) {
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          String clean = ANSI_ESCAPE.matcher(line).replaceAll("").replace("\r", "");
          synchronized (lines) {
            lines.addLast(clean);
            if (lines.size() > TAIL_LINES) {
              lines.removeFirst();
            }
          }
          if (clean.trim().equals(wanted)) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        // The stream closes when QEMU is killed; the lines read so far are what we report.
      }
    }

    String tail() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }
  }
}
