package dev.hangar.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loadable modules of one kernel as described by its {@code modules.dep} and {@code
 * modules.builtin}, able to order a set of modules so each follows its dependencies.
 */
public final class KernelModules {
  private final Path modulesDir;
  private final Map<String, String> pathByName;
  private final Map<String, List<String>> depsByPath;
  private final Set<String> builtin;

  private KernelModules(
      Path modulesDir,
      Map<String, String> pathByName,
      Map<String, List<String>> depsByPath,
      Set<String> builtin) {
    this.modulesDir = modulesDir;
    this.pathByName = pathByName;
    this.depsByPath = depsByPath;
    this.builtin = builtin;
  }

  /** Reads {@code modules.dep} (required) and {@code modules.builtin} (optional) in the dir. */
  public static KernelModules read(Path modulesDir) {
    Map<String, String> pathByName = new HashMap<>();
    Map<String, List<String>> depsByPath = new HashMap<>();
    Set<String> builtin = new HashSet<>();
    try {
      for (String line : Files.readAllLines(modulesDir.resolve("modules.dep"))) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String path = line.substring(0, colon).trim();
        String rest = line.substring(colon + 1).trim();
        pathByName.put(nameOf(path), path);
        depsByPath.put(path, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
      }
      Path builtinFile = modulesDir.resolve("modules.builtin");
      if (Files.exists(builtinFile)) {
        for (String line : Files.readAllLines(builtinFile)) {
          if (!line.isBlank()) {
            builtin.add(nameOf(line.trim()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read module index in " + modulesDir, e);
    }
    return new KernelModules(modulesDir, pathByName, depsByPath, builtin);
  }

  /**
   * Returns the module files (relative to the modules dir) needed to load {@code names}, each after
   * all of its dependencies; names built into the kernel are skipped and an unknown or compressed
   * module is a {@link BuildException}.
   */
  public List<String> resolve(List<String> names) {
    LinkedHashSet<String> ordered = new LinkedHashSet<>();
    for (String name : names) {
      String key = normalise(name);
      String path = pathByName.get(key);
      if (path == null) {
        if (builtin.contains(key)) {
          continue;
        }
        throw new BuildException(
            "kernel module '"
                + name
                + "' is neither in "
                + modulesDir
                + "/modules.dep nor built in");
      }
      visit(path, ordered, new HashSet<>());
    }
    return new ArrayList<>(ordered);
  }

  /** Returns the absolute file of a module path returned by {@link #resolve(List)}. */
  public Path file(String modulePath) {
    return modulesDir.resolve(modulePath);
  }

  /** Returns the module name of a module path: file name without extension, '-' as '_'. */
  public static String nameOf(String modulePath) {
    String file = modulePath.substring(modulePath.lastIndexOf('/') + 1);
    int dot = file.indexOf(".ko");
    return normalise(dot < 0 ? file : file.substring(0, dot));
  }

  private void visit(String path, Set<String> ordered, Set<String> inProgress) {
    if (ordered.contains(path)) {
      return;
    }
    if (!path.endsWith(".ko")) {
      throw new BuildException(
          "kernel module " + path + " is compressed; busybox insmod needs plain .ko files");
    }
    if (!inProgress.add(path)) {
      throw new BuildException("dependency cycle in modules.dep through " + path);
    }
    // modules.dep lists the deepest dependency last; walk it backwards as modprobe does.
    List<String> deps = depsByPath.getOrDefault(path, List.of());
    for (int i = deps.size() - 1; i >= 0; i--) {
      visit(deps.get(i), ordered, inProgress);
    }
    inProgress.remove(path);
    ordered.add(path);
  }

  private static String normalise(String name) {
    return name.replace('-', '_');
  }
}
