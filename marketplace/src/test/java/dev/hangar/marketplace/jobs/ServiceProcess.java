package dev.hangar.marketplace.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One instance of the packaged service ({@code quarkus-run.jar}) in a JVM process of its own,
 * listening on a port it chose on 127.0.0.1; its output goes to a log file. Every process started
 * here is also killed when the test JVM exits, whatever happens to the test.
 */
final class ServiceProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("Listening on: http://127.0.0.1:(\\d+)");

  private final String name;
  private final Process process;
  private final Path log;
  private int port;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
  }

  /**
   * Starts {@code jar} in {@code workDir} with {@code properties} as system properties and {@code
   * env} added to the environment, and waits until it listens.
   */
  static ServiceProcess start(
      String name,
      Path jar,
      Path workDir,
      Map<String, String> properties,
      Map<String, String> env,
      Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.http.port=0");
    command.add("-jar");
    command.add(jar.toString());
    Path log = workDir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    ServiceProcess started = new ServiceProcess(name, builder.start(), log);
    try {
      started.awaitListening(timeout);
    } catch (RuntimeException | InterruptedException e) {
      started.close();
      throw e;
    }
    return started;
  }

  private void awaitListening(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(output());
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited while starting:\n" + tail());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not listen within " + timeout + ":\n" + tail());
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** The prefix of this instance's job worker id ({@code hangar-<pid>-...}), as leases record. */
  String workerPrefix() {
    return "hangar-" + pid() + "-";
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Freezes the process (SIGSTOP): it keeps its leases and connections but does nothing. */
  void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Lets a frozen process run again (SIGCONT). */
  void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  /** Kills the process as {@code kill -9} would and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " survived SIGKILL");
    }
  }

  /** The last part of the process's output, for failure messages. */
  String tail() {
    String out = output();
    return out.length() <= 4000 ? out : out.substring(out.length() - 4000);
  }

  private String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 20 s); a frozen one is thawed first. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    try {
      thaw();
    } catch (IOException | RuntimeException e) {
      // It may have exited meanwhile; SIGTERM/SIGKILL below still apply.
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
