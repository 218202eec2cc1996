package dev.hangar.builder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hangar.context.Components;
import dev.hangar.context.ParameterSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a recipe YAML file and rejects it, naming every offending field, unless it is valid. */
public final class RecipeLoader {
  // ext4 labels hold at most 16 bytes; the label also names the image file, so keep it portable.
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,15}");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
  private static final Pattern MODULE = Pattern.compile("[A-Za-z0-9_-]+");
  private static final int MAX_PARTITION_MIB = 64 * 1024;

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private RecipeLoader() {}

  /**
   * Returns the recipe in {@code recipeFile} if it binds and satisfies every rule, else throws a
   * {@link RecipeException} listing each problem as "field: reason".
   */
  public static Recipe load(Path recipeFile) {
    String source = recipeFile.toString();
    Recipe recipe;
    try {
      recipe = YAML.readValue(Files.readString(recipeFile), Recipe.class);
    } catch (JsonProcessingException e) {
      throw new RecipeException(source, List.of(describe(e)));
    } catch (IOException e) {
      throw new RecipeException(source, List.of("file: cannot be read (" + e.getMessage() + ")"));
    }
    if (recipe == null) {
      throw new RecipeException(source, List.of("file: is empty"));
    }
    List<String> problems = validate(recipe, recipeFile.toAbsolutePath().getParent());
    if (!problems.isEmpty()) {
      throw new RecipeException(source, problems);
    }
    return recipe;
  }

  /** Returns the directory holding a partition's content, resolved against the recipe file. */
  public static Path contentDir(Path recipeFile, PartitionSpec partition) {
    return recipeFile.toAbsolutePath().getParent().resolve(partition.content()).normalize();
  }

  private static String describe(JsonProcessingException e) {
    String field = e instanceof JsonMappingException m ? fieldPath(m) : "";
    String at = field.isEmpty() ? "file" : field;
    if (e instanceof UnrecognizedPropertyException u) {
      return at + ": is not a known field (known: " + u.getKnownPropertyIds() + ")";
    }
    if (e instanceof InvalidFormatException f && f.getTargetType().isEnum()) {
      // As recipes spell them: an enum with @JsonValue (filesystem: ext4) is read in that form.
      return at
          + ": must be one of "
          + Arrays.stream(f.getTargetType().getEnumConstants())
              .map(c -> YAML.convertValue(c, String.class))
              .toList()
          + " (got '"
          + f.getValue()
          + "')";
    }
    if (e instanceof InvalidFormatException f) {
      return at + ": cannot read '" + f.getValue() + "' as " + f.getTargetType().getSimpleName();
    }
    return at + ": " + e.getOriginalMessage();
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static List<String> validate(Recipe r, Path recipeDir) {
    List<String> problems = new ArrayList<>();
    if (blank(r.name())) {
      problems.add("name: is required");
    } else if (!NAME.matcher(r.name()).matches()) {
      problems.add("name: must match " + NAME.pattern() + " (got '" + r.name() + "')");
    }
    requireText(problems, "version", r.version());
    requireText(problems, "summary", r.summary());
    requireText(problems, "description", r.description());
    validatePartitions(problems, r.partitions(), recipeDir);
    validateBoot(problems, r.boot());
    validateRequirements(problems, r.requirements());
    validateContext(problems, r);
    return problems;
  }

  /** The context schema must be one the marketplace can use, and every component known, once. */
  private static void validateContext(List<String> problems, Recipe r) {
    if (!r.contextSchema().isObject()) {
      problems.add("contextSchema: must be a mapping (a JSON Schema of the context parameters)");
    } else {
      try {
        ParameterSchema.parse(r.contextSchema());
      } catch (IllegalArgumentException e) {
        // The message starts with the field, e.g. "contextSchema.properties.PORT.default must ..."
        String message = e.getMessage();
        int space = message.indexOf(' ');
        problems.add(
            space < 0 ? message : message.substring(0, space) + ":" + message.substring(space));
      }
    }
    Components.standard()
        .problems(r.components())
        .forEach((field, problem) -> problems.add(field + ": " + problem));
  }

  private static void validatePartitions(
      List<String> problems, List<PartitionSpec> partitions, Path recipeDir) {
    if (partitions == null || partitions.isEmpty()) {
      problems.add("partitions: at least one partition is required");
      return;
    }
    Set<String> labels = new HashSet<>();
    int roots = 0;
    for (int i = 0; i < partitions.size(); i++) {
      String at = "partitions[" + i + "]";
      PartitionSpec p = partitions.get(i);
      if (p == null) {
        problems.add(at + ": is empty");
        continue;
      }
      if (blank(p.label())) {
        problems.add(at + ".label: is required");
      } else if (!LABEL.matcher(p.label()).matches()) {
        problems.add(at + ".label: must match " + LABEL.pattern() + " (got '" + p.label() + "')");
      } else if (!labels.add(p.label())) {
        problems.add(at + ".label: '" + p.label() + "' is used by another partition");
      }
      requireText(problems, at + ".role", p.role());
      if (p.kind() == null) {
        problems.add(
            at + ".kind: is required (one of " + Arrays.toString(PartitionKind.values()) + ")");
      }
      if (p.filesystem() == null) {
        problems.add(at + ".filesystem: is required (one of ext4, swap, raw)");
      }
      if (p.sizeMiB() == null) {
        problems.add(at + ".sizeMiB: is required");
      } else if (p.sizeMiB() < 1 || p.sizeMiB() > MAX_PARTITION_MIB) {
        problems.add(at + ".sizeMiB: must be between 1 and " + MAX_PARTITION_MIB);
      }
      if (PartitionSpec.ROOT_ROLE.equals(p.role())) {
        roots++;
        if (p.filesystem() != Filesystem.EXT4 || p.kind() == PartitionKind.EMPTY) {
          problems.add(at + ": the root partition must be a non-EMPTY ext4 partition");
        }
      }
      if (p.baseName() != null && !NAME.matcher(p.baseName()).matches()) {
        problems.add(
            at + ".baseName: must match " + NAME.pattern() + " (got '" + p.baseName() + "')");
      }
      validateContent(problems, at, p, recipeDir);
    }
    if (roots != 1) {
      problems.add("partitions: exactly one partition must have role 'root' (found " + roots + ")");
    }
  }

  private static void validateContent(
      List<String> problems, String at, PartitionSpec p, Path recipeDir) {
    if (p.content() == null) {
      return;
    }
    if (p.kind() == PartitionKind.EMPTY || p.filesystem() != Filesystem.EXT4) {
      problems.add(at + ".content: only non-EMPTY ext4 partitions can have content");
    } else if (!Files.isDirectory(recipeDir.resolve(p.content()))) {
      problems.add(at + ".content: '" + p.content() + "' is not a directory next to the recipe");
    }
  }

  private static void validateBoot(List<String> problems, BootSpec boot) {
    if (boot == null) {
      problems.add("boot: is required");
      return;
    }
    if (!BootSpec.HOST_KERNEL.equals(boot.kernel())) {
      problems.add("boot.kernel: must be 'host' (got '" + boot.kernel() + "')");
    }
    requireText(problems, "boot.cmdline", boot.cmdline());
    if (boot.cmdline() != null && !boot.cmdline().contains("root=")) {
      problems.add("boot.cmdline: must name the root device with root=");
    }
    if (boot.modules() != null) {
      for (int i = 0; i < boot.modules().size(); i++) {
        String m = boot.modules().get(i);
        if (m == null || !MODULE.matcher(m).matches()) {
          problems.add("boot.modules[" + i + "]: '" + m + "' is not a kernel module name");
        }
      }
    }
  }

  private static void validateRequirements(List<String> problems, Requirements req) {
    if (req == null) {
      problems.add("requirements: is required");
      return;
    }
    if (!"x86_64".equals(req.arch())) {
      problems.add(
          "requirements.arch: must be 'x86_64', the host kernel's (got '" + req.arch() + "')");
    }
    if (req.vcpus() == null || req.vcpus() < 1) {
      problems.add("requirements.vcpus: must be at least 1");
    }
    if (req.memoryMiB() == null || req.memoryMiB() < 64) {
      problems.add("requirements.memoryMiB: must be at least 64");
    }
  }

  private static void requireText(List<String> problems, String field, String value) {
    if (blank(value)) {
      problems.add(field + ": is required");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
