package dev.hangar.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A kernel installed on the build host: its release string, image and modules directory. */
public record HostKernel(String release, Path vmlinuz, Path modulesDir) {
  private static final String PREFIX = "vmlinuz-";

  /**
   * Returns the kernel with the highest release among {@code bootDir/vmlinuz-*} that also has a
   * {@code modulesRoot/<release>} directory, or throws {@link BuildException} if there is none.
   */
  public static HostKernel newest(Path bootDir, Path modulesRoot) {
    List<String> releases;
    try (Stream<Path> files = Files.list(bootDir)) {
      releases =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(PREFIX))
              .map(n -> n.substring(PREFIX.length()))
              .filter(r -> Files.isDirectory(modulesRoot.resolve(r)))
              .sorted(Comparator.comparing(HostKernel::versionKey, HostKernel::compareKeys))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + bootDir, e);
    }
    if (releases.isEmpty()) {
      throw new BuildException(
          "no host kernel: need "
              + bootDir
              + "/vmlinuz-<release> and "
              + modulesRoot
              + "/<release>");
    }
    String release = releases.get(releases.size() - 1);
    return new HostKernel(release, bootDir.resolve(PREFIX + release), modulesRoot.resolve(release));
  }

  // "6.1.0-57-amd64" must sort after "6.1.0-9-amd64": compare digit runs numerically.
  private static List<Object> versionKey(String release) {
    return Stream.of(release.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)"))
        .map(s -> s.chars().allMatch(Character::isDigit) ? (Object) Long.valueOf(s) : s)
        .toList();
  }

  private static int compareKeys(List<Object> a, List<Object> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      int c =
          x instanceof Long lx && y instanceof Long ly
              ? Long.compare(lx, ly)
              : x.toString().compareTo(y.toString());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
