package dev.hangar.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dynamically linked host program copied into a root file system together with the shared
 * libraries and the loader {@code ldd} names, each at its host path, so it runs in the guest.
 */
final class HostProgram {
  // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
  private static final Pattern LIBRARY = Pattern.compile("(?:=>\\s+)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");
  private static final Duration LDD_TIMEOUT = Duration.ofSeconds(30);

  private HostProgram() {}

  /** Returns the absolute library paths {@code ldd} reports for {@code program}, sorted. */
  static List<String> libraries(Path program) {
    String out = ExternalTool.run(List.of("ldd", program.toString()), Map.of(), LDD_TIMEOUT);
    List<String> libraries = new ArrayList<>();
    for (String line : out.split("\n")) {
      Matcher m = LIBRARY.matcher(line.trim());
      if (m.find()) {
        libraries.add(m.group(1));
      }
    }
    if (libraries.isEmpty()) {
      throw new BuildException("ldd names no libraries for " + program + ": " + out);
    }
    return libraries.stream().sorted().distinct().toList();
  }

  /**
   * Copies {@code program} to {@code target} (a path inside {@code staging}) and its libraries to
   * their host paths inside {@code staging}, following symbolic links so each is a plain file.
   */
  static void install(Path program, Path staging, String target) {
    try {
      copy(program, staging, target, "rwxr-xr-x");
      for (String library : libraries(program)) {
        copy(Path.of(library), staging, library, "rwxr-xr-x");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + program + " into " + staging, e);
    }
  }

  private static void copy(Path source, Path staging, String target, String mode)
      throws IOException {
    Path to = staging.resolve(target.substring(1));
    Files.createDirectories(to.getParent());
    Files.copy(source.toRealPath(), to, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(mode));
  }
}
