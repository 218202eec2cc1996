package dev.hangar.builder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One built appliance booted under plain QEMU/TCG (direct kernel boot, serial console on stdout),
 * for tests that read what the guest prints; {@link #close()} kills QEMU.
 */
final class QemuGuest implements AutoCloseable {
  // Firmware and the kernel's boot stub leave terminal resets on the console; they are not text.
  private static final Pattern ANSI_ESCAPE =
      Pattern.compile("\u001B(\\[[0-9;?]*[A-Za-z]|[A-Za-z])");
  private static final int TAIL_LINES = 60;

  private final Process qemu;
  private final long startNanos = System.nanoTime();
  private final List<String> lines = new ArrayList<>();

  private QemuGuest(List<String> command) throws IOException {
    qemu = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reader = new Thread(this::read, "qemu-console");
    reader.setDaemon(true);
    reader.start();
  }

  /** Builder of a QEMU command line for {@code built} with {@code cmdline}. */
  static Command of(BuiltAppliance built, String cmdline) {
    return new Command(built, cmdline);
  }

  /** The QEMU command line under construction. */
  static final class Command {
    private final List<String> args = new ArrayList<>();
    private int nics;

    private Command(BuiltAppliance built, String cmdline) {
      args.addAll(
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
              "-nodefaults",
              "-serial",
              "stdio",
              "-kernel",
              built.kernelFile().toString(),
              "-initrd",
              built.initrdFile().toString(),
              "-append",
              cmdline,
              // As the deployer's domains: an entropy source, so the kernel RNG is ready early.
              "-device",
              "virtio-rng-pci"));
    }

    /** Boots {@code image} instead of the appliance's kernel file (another format of it). */
    Command kernel(Path image) {
      args.set(args.indexOf("-kernel") + 1, image.toString());
      return this;
    }

    /** Adds a raw virtio disk (vda, vdb, ... in call order). */
    Command disk(Path image) {
      args.addAll(List.of("-drive", "file=" + image + ",if=virtio,format=raw"));
      return this;
    }

    /** Adds a read-only raw virtio disk, as the deployer attaches SHARED_READONLY partitions. */
    Command readOnlyDisk(Path image) {
      args.addAll(List.of("-drive", "file=" + image + ",if=virtio,format=raw,readonly=on"));
      return this;
    }

    /** Adds a NoCloud seed ISO as a SCSI CD-ROM, as the deployer attaches it. */
    Command seed(Path iso) {
      args.addAll(
          List.of(
              "-device",
              "virtio-scsi-pci",
              "-drive",
              "file=" + iso + ",if=none,id=cd0,media=cdrom,readonly=on",
              "-device",
              "scsi-cd,drive=cd0"));
      return this;
    }

    /**
     * Adds a virtio NIC on QEMU user-mode networking (slirp: the guest reaches the host's loopback
     * as 10.0.2.2) with {@code mac}; {@code hostfwd} is e.g. {@code tcp:127.0.0.1:8081-:80}, or
     * null.
     */
    Command nic(String mac, String hostfwd) {
      String id = "n" + nics++;
      args.addAll(
          List.of(
              "-netdev",
              "user,id=" + id + (hostfwd == null ? "" : ",hostfwd=" + hostfwd),
              "-device",
              // No option ROM: direct kernel boot never network-boots, and loading it costs time.
              "virtio-net-pci,netdev=" + id + ",mac=" + mac + ",romfile="));
      return this;
    }

    /** Sets the SMBIOS system serial, where the deployer puts {@code ds=nocloud-net;s=<url>}. */
    Command smbiosSerial(String serial) {
      // QEMU's option parser treats ',' as a separator; the serial must not contain one.
      args.addAll(List.of("-smbios", "type=1,serial=" + serial));
      return this;
    }

    QemuGuest start() throws IOException {
      return new QemuGuest(args);
    }
  }

  /**
   * Waits until a console line (trimmed, escapes removed) satisfies {@code wanted}, up to {@code
   * timeout}; returns it or fails with the console tail.
   */
  String await(Predicate<String> wanted, String what, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (wanted.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !qemu.isAlive() && seen == lines.size()) {
          throw new AssertionError(
              "no console line " + what + " within " + timeout + "; last lines:\n" + tail());
        }
        TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
      }
    }
  }

  /**
   * Waits for a line equal to {@code line}, failing early when the guest reports HANGAR-FAILED
   * instead; returns seconds since QEMU started.
   */
  double awaitLine(String line, Duration timeout) throws InterruptedException {
    boolean failureWanted = line.startsWith("HANGAR-FAILED");
    String seen =
        await(
            l -> l.equals(line) || !failureWanted && l.startsWith("HANGAR-FAILED"),
            "'" + line + "'",
            timeout);
    if (!seen.equals(line)) {
      throw new AssertionError("guest reported '" + seen + "'; last lines:\n" + tail());
    }
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Every console line so far. */
  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Console lines so far that start with {@code prefix}. */
  List<String> linesStartingWith(String prefix) {
    return lines().stream().filter(l -> l.startsWith(prefix)).toList();
  }

  String tail() {
    synchronized (lines) {
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(qemu.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String clean = ANSI_ESCAPE.matcher(line).replaceAll("").replace("\r", "").trim();
        synchronized (lines) {
          lines.add(clean);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The stream closes when QEMU is killed; the lines read so far are what we report.
    }
  }

  @Override
  public void close() throws InterruptedException {
    qemu.destroy();
    if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
      qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
