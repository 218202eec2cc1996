package dev.hangar.builder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a host tool to completion and turns a non-zero exit or a timeout into BuildException. */
final class ExternalTool {
  private ExternalTool() {}

  /**
   * Runs {@code command} with {@code env} added to the inherited environment and returns its
   * combined stdout/stderr; throws {@link BuildException} quoting that output if it fails.
   */
  static String run(List<String> command, Map<String, String> env, Duration timeout) {
    Path log = null;
    try {
      // Output goes to a file, not a pipe, so a tool that hangs cannot block us past the timeout.
      log = Files.createTempFile("hangar-tool-", ".log");
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().putAll(env);
      Process process = pb.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new BuildException(command.get(0) + " did not finish within " + timeout);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new BuildException(
            String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output);
      }
      return output;
    } catch (IOException e) {
      throw new BuildException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildException("interrupted while running " + command.get(0), e);
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException e) {
          // A leftover log in the temp dir is harmless; the tool's result is what matters.
        }
      }
    }
  }
}
