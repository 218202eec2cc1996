package dev.hangar.builder.image;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host tool under {@code prlimit} address-space and CPU limits and a wall-clock timeout, as
 * OpenStack runs qemu-img on untrusted images.
 */
final class LimitedTool {
  private LimitedTool() {}

  /** Runs {@code command} within {@code limits} and returns its stdout; fails on non-zero exit. */
  static String run(List<String> command, ImportLimits limits) throws IOException {
    List<String> full = new ArrayList<>();
    full.add("prlimit");
    full.add("--as=" + limits.toolAddressSpace());
    full.add("--cpu=" + limits.toolCpuSeconds());
    full.add("--");
    full.addAll(command);
    Path out = Files.createTempFile("hangar-image-tool-", ".out");
    Path err = Files.createTempFile("hangar-image-tool-", ".err");
    try {
      // Files, not pipes: a tool that floods its output cannot block us past the timeout.
      Process p =
          new ProcessBuilder(full)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(limits.toolTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        throw new ImageImportException(
            command.get(0) + " did not finish within " + limits.toolTimeout());
      }
      if (p.exitValue() != 0) {
        throw new ImageImportException(
            String.join(" ", command)
                + " failed (exit "
                + p.exitValue()
                + "): "
                + Files.readString(err, StandardCharsets.UTF_8).strip());
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageImportException("interrupted while running " + command.get(0), e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
