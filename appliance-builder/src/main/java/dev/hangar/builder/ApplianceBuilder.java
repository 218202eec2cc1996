package dev.hangar.builder;

import dev.hangar.builder.ApplianceDescriptor.FileRef;
import dev.hangar.builder.ApplianceDescriptor.PartitionImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Builds a direct-kernel-boot appliance from a recipe: partition images, the host kernel, an
 * initramfs, {@code appliance.json} and the build provenance ({@code provenance.json}); equal
 * recipes and configs give byte-identical files.
 */
public final class ApplianceBuilder {
  private static final System.Logger LOG = System.getLogger(ApplianceBuilder.class.getName());
  private static final String INITRD_FILE = "initrd.img";
  private static final int STICKY_DIR = 041777;

  private final BuilderConfig config;

  /** Creates a builder using the tools and kernel named by {@code config}. */
  public ApplianceBuilder(BuilderConfig config) {
    this.config = config;
  }

  /**
   * Builds the appliance of {@code recipeFile} into {@code outDir} (created if missing, files of a
   * previous build replaced) and returns its descriptor; throws {@link RecipeException} for an
   * invalid recipe and {@link BuildException} when a tool or host file fails.
   */
  public BuiltAppliance build(Path recipeFile, Path outDir) {
    Recipe recipe = RecipeLoader.load(recipeFile);
    Path busybox = Busybox.requireStatic(config.busybox());
    HostKernel kernel = HostKernel.newest(config.bootDir(), config.modulesRoot());
    KernelModules modules = KernelModules.read(kernel.modulesDir());
    List<String> modulePaths = modules.resolve(recipe.boot().modules());
    LOG.log(
        Level.INFO,
        "building {0} {1} with kernel {2}",
        recipe.name(),
        recipe.version(),
        kernel.release());
    try {
      Files.createDirectories(outDir);
      List<PartitionImage> partitions = new ArrayList<>();
      for (PartitionSpec spec : recipe.partitions()) {
        partitions.add(buildPartition(recipe, recipeFile, spec, busybox, outDir));
      }
      String kernelFile = writeKernel(recipe.boot().kernelFormat(), kernel, outDir);
      new InitramfsBuilder(busybox, config.sourceDateEpoch(), config.gzipInitramfs())
          .write(modules, modulePaths, outDir.resolve(INITRD_FILE));
      ApplianceDescriptor descriptor =
          new ApplianceDescriptor(
              recipe.name(),
              recipe.version(),
              recipe.summary(),
              recipe.description(),
              recipe.requirements(),
              recipe.boot().cmdline(),
              fileRef(outDir, kernelFile),
              fileRef(outDir, INITRD_FILE),
              partitions,
              recipe.contextSchema(),
              recipe.components());
      BuiltAppliance built = new BuiltAppliance(descriptor, outDir);
      built.writeDescriptor();
      BuildProvenance.write(
          provenance(recipe, recipeFile, busybox, kernel, modules, modulePaths)
              .statement(recipeFile, descriptor),
          built.provenanceFile());
      return built;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build " + recipe.name() + " into " + outDir, e);
    }
  }

  /**
   * Writes the host kernel into {@code outDir} as {@code format} wants it and returns the file
   * name; a kernel file of the other format left by an earlier build is removed.
   */
  private static String writeKernel(KernelFormat format, HostKernel kernel, Path outDir)
      throws IOException {
    Path target = outDir.resolve(format.fileName());
    switch (format) {
      case BZIMAGE -> Files.copy(kernel.vmlinuz(), target, StandardCopyOption.REPLACE_EXISTING);
      case PVH -> {
        long entry = BzImage.extractVmlinux(kernel.vmlinuz(), target);
        LOG.log(
            Level.INFO,
            "kernel: {0} decompressed to {1} bytes, PVH entry 0x{2}",
            kernel.vmlinuz(),
            Files.size(target),
            Long.toHexString(entry));
      }
    }
    for (KernelFormat other : KernelFormat.values()) {
      if (other != format) {
        Files.deleteIfExists(outDir.resolve(other.fileName()));
      }
    }
    return format.fileName();
  }

  /** What this build consumed and ran, for the provenance attestation. */
  private BuildProvenance provenance(
      Recipe recipe,
      Path recipeFile,
      Path busybox,
      HostKernel kernel,
      KernelModules modules,
      List<String> modulePaths) {
    BuildProvenance p =
        new BuildProvenance()
            .inputFile("kernel", kernel.vmlinuz())
            .inputFile("busybox", busybox)
            .tool("hangar-builder", BuildProvenance.BUILDER_VERSION)
            .tool("kernel", kernel.release())
            .toolBanner("busybox", List.of(busybox.toString()))
            .toolBanner("mke2fs", List.of(config.mke2fs().toString(), "-V"))
            .toolBanner("dropbear", List.of(config.ssh().dropbear().toString(), "-V"));
    Map<String, Path> moduleFiles = new TreeMap<>();
    modulePaths.forEach(m -> moduleFiles.put(m, modules.file(m)));
    p.inputFiles("initrd-modules", moduleFiles);
    for (PartitionSpec spec : recipe.partitions()) {
      if (spec.content() != null && spec.kind() != PartitionKind.EMPTY) {
        p.inputTree("content:" + spec.label(), RecipeLoader.contentDir(recipeFile, spec));
      }
    }
    return p;
  }

  /** Reads a previously built appliance from {@code outDir}. */
  public static BuiltAppliance read(Path outDir) {
    return BuiltAppliance.read(outDir);
  }

  /** Returns the UUID of a partition: stable per recipe name and label, so builds agree. */
  static UUID partitionUuid(String recipeName, String label) {
    return UUID.nameUUIDFromBytes(
        ("hangar:" + recipeName + ":" + label).getBytes(StandardCharsets.UTF_8));
  }

  private PartitionImage buildPartition(
      Recipe recipe, Path recipeFile, PartitionSpec spec, Path busybox, Path outDir)
      throws IOException {
    if (spec.kind() == PartitionKind.EMPTY) {
      return new PartitionImage(
          spec.label(), spec.role(), spec.kind(), spec.filesystem(), spec.sizeBytes(), null, null);
    }
    String file = spec.label() + ".img";
    Path image = outDir.resolve(file);
    UUID uuid = partitionUuid(spec.stampName(recipe.name()), spec.label());
    switch (spec.filesystem()) {
      case EXT4 -> buildExt4(recipe, recipeFile, spec, busybox, image, uuid);
      case SWAP -> BlankImageWriter.swap(image, spec.sizeBytes(), spec.label(), uuid);
      case RAW -> BlankImageWriter.raw(image, spec.sizeBytes());
    }
    LOG.log(Level.INFO, "partition {0}: {1} bytes", spec.label(), Files.size(image));
    return new PartitionImage(
        spec.label(),
        spec.role(),
        spec.kind(),
        spec.filesystem(),
        spec.sizeBytes(),
        file,
        Sha256.of(image));
  }

  private void buildExt4(
      Recipe recipe, Path recipeFile, PartitionSpec spec, Path busybox, Path image, UUID uuid)
      throws IOException {
    Path content = spec.content() == null ? null : RecipeLoader.contentDir(recipeFile, spec);
    Path staging = Files.createTempDirectory("hangar-staging-");
    try {
      RootfsStager stager =
          new RootfsStager(busybox, config.mke2fs(), config.ssh(), config.sourceDateEpoch());
      Map<String, Integer> modes;
      if (PartitionSpec.ROOT_ROLE.equals(spec.role())) {
        stager.stageRoot(spec.stampName(recipe.name()), content, staging);
        modes = Map.of("/tmp", STICKY_DIR);
      } else {
        stager.stageContent(content, staging);
        modes = Map.of();
      }
      new Ext4ImageWriter(config.mke2fs(), config.debugfs(), config.sourceDateEpoch())
          .write(staging, image, spec.label(), uuid, spec.sizeBytes(), modes);
    } finally {
      deleteTree(staging);
    }
  }

  private static FileRef fileRef(Path outDir, String file) throws IOException {
    Path path = outDir.resolve(file);
    return new FileRef(file, Sha256.of(path), Files.size(path));
  }

  private static void deleteTree(Path root) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
