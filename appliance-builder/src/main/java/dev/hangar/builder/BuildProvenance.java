package dev.hangar.builder;

import dev.hangar.builder.ApplianceDescriptor.PartitionImage;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.CanonicalJson;
import dev.hangar.store.trust.Provenance;
import dev.hangar.store.trust.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Collects what a build consumed (recipe, host kernel, busybox, modules, content directories) and
 * which tools it ran, and writes the in-toto Statement v1 ({@link Provenance} predicate) whose
 * subjects are the built files. It names no paths or times, so equal builds give equal bytes.
 */
final class BuildProvenance {
  /** Identity of this builder, the predicate's {@code builder}. */
  static final String BUILDER = "https://hangar.dev/appliance-builder";

  /** Version of this builder, recorded as tool {@code hangar-builder}. */
  static final String BUILDER_VERSION = "0.1.0";

  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, Digest> inputs = new TreeMap<>();
  private final Map<String, String> tools = new TreeMap<>();

  /** Records input {@code name} as the SHA-256 of file {@code file}. */
  BuildProvenance inputFile(String name, Path file) {
    inputs.put(name, Digest.parse(Digest.PREFIX + Sha256.of(file)));
    return this;
  }

  /**
   * Records input {@code name} as the digest of the tree under {@code dir}: every entry's relative
   * path, type, executable bit and (for files) content digest, in path order.
   */
  BuildProvenance inputTree(String name, Path dir) {
    MessageDigest sha = Digest.newSha256();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted().toList()) {
        String rel = dir.relativize(p).toString();
        String line;
        if (Files.isSymbolicLink(p)) {
          line = "L " + rel + " " + Files.readSymbolicLink(p);
        } else if (Files.isDirectory(p)) {
          line = "D " + rel;
        } else {
          line = (Files.isExecutable(p) ? "X " : "F ") + rel + " " + Sha256.of(p);
        }
        sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash input " + dir, e);
    }
    inputs.put(name, Digest.finish(sha));
    return this;
  }

  /** Records input {@code name} as the digest of the listed files (name and content each). */
  BuildProvenance inputFiles(String name, Map<String, Path> files) {
    MessageDigest sha = Digest.newSha256();
    new TreeMap<>(files)
        .forEach(
            (n, f) -> sha.update((n + " " + Sha256.of(f) + "\n").getBytes(StandardCharsets.UTF_8)));
    inputs.put(name, Digest.finish(sha));
    return this;
  }

  /** Records the version of tool {@code name}. */
  BuildProvenance tool(String name, String version) {
    tools.put(name, version);
    return this;
  }

  /** Records the first output line of {@code command} (a tool's version banner) as its version. */
  BuildProvenance toolBanner(String name, List<String> command) {
    String out = ExternalTool.run(command, Map.of(), TOOL_TIMEOUT).strip();
    int eol = out.indexOf('\n');
    return tool(name, (eol < 0 ? out : out.substring(0, eol)).strip());
  }

  /** Returns the statement about the files of {@code built} made from {@code recipeFile}. */
  Statement statement(Path recipeFile, ApplianceDescriptor d) {
    String prefix = d.name() + "@" + d.version() + "/";
    List<Statement.Subject> subjects = new ArrayList<>();
    subjects.add(subject(prefix + d.kernel().file(), d.kernel().sha256()));
    subjects.add(subject(prefix + d.initrd().file(), d.initrd().sha256()));
    for (PartitionImage p : d.partitions()) {
      if (p.file() != null) {
        subjects.add(subject(prefix + p.file(), p.sha256()));
      }
    }
    Digest recipe = Digest.parse(Digest.PREFIX + Sha256.of(recipeFile));
    Provenance predicate = new Provenance(BUILDER, recipe, inputs, tools);
    return new Statement(subjects, Provenance.PREDICATE_TYPE, predicate.toJson());
  }

  /** Writes {@code statement} as canonical JSON to {@code file}. */
  static void write(Statement statement, Path file) {
    try {
      Files.write(file, CanonicalJson.canonicalize(statement.toJson()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Statement.Subject subject(String name, String hex) {
    return new Statement.Subject(name, Digest.parse(Digest.PREFIX + hex));
  }
}
