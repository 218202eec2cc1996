package dev.hangar.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeLoaderTest {
  private static final String VALID =
      """
      name: demo
      version: 1.0.0
      summary: s
      description: d
      partitions:
        - {label: root, role: root, kind: COPY_ON_WRITE, sizeMiB: 16, filesystem: ext4}
        - {label: data, role: data, kind: EMPTY, sizeMiB: 8, filesystem: raw}
      boot: {kernel: host, modules: [ext4], cmdline: root=/dev/vda}
      requirements: {arch: x86_64, vcpus: 1, memoryMiB: 128}
      """;

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("recipe.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void loadsTheHelloSample() {
    Recipe recipe = RecipeLoader.load(Samples.helloRecipe());
    assertEquals("hello", recipe.name());
    assertEquals(Filesystem.EXT4, recipe.rootPartition().filesystem());
    assertEquals(PartitionKind.COPY_ON_WRITE, recipe.rootPartition().kind());
    assertTrue(recipe.boot().modules().contains("virtio_blk"));
  }

  @Test
  void bindsLowerCaseFilesystemsAndEmptyPartitions() throws IOException {
    Recipe recipe = RecipeLoader.load(write(VALID));
    assertEquals(Filesystem.RAW, recipe.partitions().get(1).filesystem());
    assertEquals(8L << 20, recipe.partitions().get(1).sizeBytes());
  }

  @Test
  void rejectsRecipeWithoutNameNamingTheField() throws IOException {
    RecipeException e =
        assertThrows(
            RecipeException.class,
            () -> RecipeLoader.load(write(VALID.replace("name: demo\n", ""))));
    assertEquals(List.of("name: is required"), e.problems());
    assertTrue(e.getMessage().contains("recipe.yaml"), e.getMessage());
  }

  @Test
  void rejectsUnknownPartitionKindListingTheAllowedOnes() throws IOException {
    RecipeException e =
        assertThrows(
            RecipeException.class,
            () -> RecipeLoader.load(write(VALID.replace("kind: EMPTY", "kind: EPHEMERAL"))));
    assertEquals(
        List.of(
            "partitions[1].kind: must be one of [EMPTY, SHARED_READONLY, COPY_ON_WRITE] (got"
                + " 'EPHEMERAL')"),
        e.problems());
  }

  @Test
  void shipsTheBzImageUnlessTheRecipeAsksForThePvhElf() throws IOException {
    assertEquals(KernelFormat.BZIMAGE, RecipeLoader.load(write(VALID)).boot().kernelFormat());
    String pvh = VALID.replace("kernel: host,", "kernel: host, kernelFormat: pvh,");
    assertEquals(KernelFormat.PVH, RecipeLoader.load(write(pvh)).boot().kernelFormat());
    assertEquals(KernelFormat.PVH, RecipeLoader.load(Samples.helloRecipe()).boot().kernelFormat());

    RecipeException e =
        assertThrows(
            RecipeException.class,
            () -> RecipeLoader.load(write(pvh.replace("kernelFormat: pvh", "kernelFormat: elf"))));
    assertEquals(
        List.of("boot.kernelFormat: must be one of [bzimage, pvh] (got 'elf')"), e.problems());
  }

  @Test
  void reportsEveryRuleViolationAtOnce() throws IOException {
    String yaml =
        VALID
            .replace("label: data", "label: root")
            .replace("sizeMiB: 16", "sizeMiB: 0")
            .replace("kernel: host", "kernel: custom")
            .replace("vcpus: 1", "vcpus: 0");
    RecipeException e = assertThrows(RecipeException.class, () -> RecipeLoader.load(write(yaml)));
    assertEquals(
        List.of(
            "partitions[0].sizeMiB: must be between 1 and 65536",
            "partitions[1].label: 'root' is used by another partition",
            "boot.kernel: must be 'host' (got 'custom')",
            "requirements.vcpus: must be at least 1"),
        e.problems());
  }

  @Test
  void rejectsUnknownFieldsAndMissingContentDirectories() throws IOException {
    RecipeException unknown =
        assertThrows(
            RecipeException.class,
            () -> RecipeLoader.load(write(VALID.replace("summary: s", "summary: s\ncolour: red"))));
    assertEquals(1, unknown.problems().size());
    assertTrue(
        unknown.problems().get(0).startsWith("colour: is not a known field (known: ["),
        unknown.problems().toString());

    String withContent = VALID.replace("filesystem: ext4}", "filesystem: ext4, content: nowhere}");
    RecipeException missing =
        assertThrows(RecipeException.class, () -> RecipeLoader.load(write(withContent)));
    assertEquals(
        List.of("partitions[0].content: 'nowhere' is not a directory next to the recipe"),
        missing.problems());
  }

  @Test
  void bindsComponentsAndTheContextSchemaWithItsDefaults() throws IOException {
    Recipe recipe =
        RecipeLoader.load(
            write(
                VALID
                    + """
                    contextSchema:
                      properties:
                        BLANKSPACES: {type: string, default: "/dev/vdb:/data"}
                    components: [mount-blankspace, hostname]
                    """));
    assertEquals(List.of("mount-blankspace", "hostname"), recipe.components());
    assertEquals(
        "/dev/vdb:/data",
        recipe.contextSchema().path("properties").path("BLANKSPACES").path("default").asText());
    Recipe bare = RecipeLoader.load(write(VALID));
    assertEquals(List.of(), bare.components());
    assertTrue(bare.contextSchema().isObject() && bare.contextSchema().isEmpty());
  }

  @Test
  void rejectsUnknownAndRepeatedComponentsListingTheKnownOnes() throws IOException {
    RecipeException e =
        assertThrows(
            RecipeException.class,
            () ->
                RecipeLoader.load(
                    write(VALID + "components: [hostname, mount-blankspaces, hostname]\n")));
    assertEquals(2, e.problems().size(), e.problems().toString());
    assertEquals(
        "components[1]: 'mount-blankspaces' is not a standard component (known: [cluster-peer-hosts,"
            + " hostname, mount-blankspace, nfs-export, nfs-mount, ready-callback, ssh-access])",
        e.problems().get(0));
    assertEquals("components[2]: 'hostname' is named twice", e.problems().get(1));
  }

  @Test
  void rejectsAContextSchemaDefaultThatBreaksItsProperty() throws IOException {
    RecipeException e =
        assertThrows(
            RecipeException.class,
            () ->
                RecipeLoader.load(
                    write(
                        VALID
                            + "contextSchema: {properties: {PORT: {type: integer, default:"
                            + " eighty}}}\n")));
    assertEquals(
        List.of("contextSchema.properties.PORT.default: must be an integer"), e.problems());
  }
}
