package dev.hangar.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.builder.ApplianceDescriptor.PartitionImage;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.MalformedMetadataException;
import dev.hangar.store.trust.Provenance;
import dev.hangar.store.trust.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceBuilderTest {
  @TempDir Path dir;

  private final ApplianceBuilder builder =
      new ApplianceBuilder(BuilderConfig.defaults().withSourceDateEpoch(0));

  @Test
  void buildsAreReproducible() throws IOException {
    BuiltAppliance first = builder.build(Samples.helloRecipe(), dir.resolve("first"));
    BuiltAppliance second = builder.build(Samples.helloRecipe(), dir.resolve("second"));

    assertEquals(first.descriptor(), second.descriptor());
    PartitionImage root = first.descriptor().partitions().get(0);
    assertEquals(Sha256.of(first.partitionFile("root")), root.sha256());
    assertEquals(Sha256.of(second.partitionFile("root")), root.sha256());
    assertEquals(Sha256.of(second.initrdFile()), first.descriptor().initrd().sha256());
    assertEquals(Sha256.of(second.kernelFile()), first.descriptor().kernel().sha256());
    assertEquals(
        Files.readString(first.outDir().resolve("appliance.json")),
        Files.readString(second.outDir().resolve("appliance.json")));
    assertArrayEquals(
        Files.readAllBytes(first.provenanceFile()),
        Files.readAllBytes(second.provenanceFile()),
        "two builds of one recipe give byte-identical provenance");
    assertProvenanceDescribes(first);
    System.out.printf(
        "hello: root.img %d bytes, initrd.img %d bytes, %s %d bytes%n",
        Files.size(first.partitionFile("root")),
        first.descriptor().initrd().size(),
        first.descriptor().kernel().file(),
        first.descriptor().kernel().size());
  }

  /** The statement names the built files and what the build consumed, each by its digest. */
  private static void assertProvenanceDescribes(BuiltAppliance built) throws IOException {
    Statement statement;
    Provenance p;
    try {
      statement = Statement.parse(Files.readAllBytes(built.provenanceFile()));
      assertEquals(Provenance.PREDICATE_TYPE, statement.predicateType());
      p = Provenance.fromJson(statement.predicate());
    } catch (MalformedMetadataException e) {
      throw new AssertionError(e);
    }
    ApplianceDescriptor d = built.descriptor();
    assertTrue(statement.covers(Digest.parse("sha256:" + d.kernel().sha256())));
    assertTrue(statement.covers(Digest.parse("sha256:" + d.initrd().sha256())));
    assertTrue(statement.covers(Digest.parse("sha256:" + Sha256.of(built.partitionFile("root")))));
    assertEquals(Digest.parse("sha256:" + Sha256.of(Samples.helloRecipe())), p.recipe());
    assertEquals(
        Digest.parse("sha256:" + Sha256.of(Path.of("/bin/busybox"))), p.inputs().get("busybox"));
    assertTrue(p.inputs().containsKey("kernel"), p.inputs().toString());
    assertTrue(p.inputs().containsKey("initrd-modules"), p.inputs().toString());
    assertTrue(p.inputs().containsKey("content:root"), p.inputs().toString());
    assertTrue(p.tools().get("mke2fs").startsWith("mke2fs "), p.tools().toString());
    assertTrue(p.tools().get("busybox").startsWith("BusyBox v"), p.tools().toString());
    assertEquals(BuildProvenance.BUILDER_VERSION, p.tools().get("hangar-builder"));
    assertTrue(built.descriptor().cmdline() != null && p.tools().containsKey("kernel"));
  }

  @Test
  void sourceDateEpochChangesTheImages() {
    BuiltAppliance epoch0 = builder.build(Samples.helloRecipe(), dir.resolve("a"));
    BuiltAppliance later =
        new ApplianceBuilder(BuilderConfig.defaults().withSourceDateEpoch(1_700_000_000L))
            .build(Samples.helloRecipe(), dir.resolve("b"));
    assertNotEquals(
        epoch0.descriptor().partitions().get(0).sha256(),
        later.descriptor().partitions().get(0).sha256());
    assertNotEquals(epoch0.descriptor().initrd().sha256(), later.descriptor().initrd().sha256());
  }

  @Test
  void rootImageHoldsBusyboxAndTheOverlayOwnedByRoot() throws Exception {
    BuiltAppliance built = builder.build(Samples.helloRecipe(), dir.resolve("out"));
    String init = debugfs(built.partitionFile("root"), "stat /sbin/init");
    assertTrue(init.contains("User:     0   Group:     0"), init);
    assertTrue(init.contains("Mode:  0755"), init);
    String tmp = debugfs(built.partitionFile("root"), "stat /tmp");
    assertTrue(tmp.contains("Mode:  01777"), tmp);
    String hostname = debugfs(built.partitionFile("root"), "cat /etc/hostname");
    // The base name, not the recipe's: every sample shares this root partition byte for byte.
    assertTrue(hostname.contains("hangar-base"), hostname);
    String mke2fs = debugfs(built.partitionFile("root"), "stat /sbin/mke2fs");
    assertTrue(mke2fs.contains("Mode:  0755"), mke2fs);
    String sh = debugfs(built.partitionFile("root"), "stat /bin/sh");
    assertTrue(sh.contains("Fast link dest: \"busybox\""), sh);
  }

  @Test
  void initramfsListsModulesInDependencyOrder() throws IOException {
    BuiltAppliance built = builder.build(Samples.helloRecipe(), dir.resolve("out"));
    byte[] cpio;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(built.initrdFile()))) {
      cpio = in.readAllBytes();
    }
    String text = new String(cpio, StandardCharsets.ISO_8859_1);
    int listAt = text.indexOf("etc/hangar/modules\0");
    String afterName = text.substring(listAt + "etc/hangar/modules\0".length());
    List<String> order =
        afterName.substring(0, afterName.indexOf("070701")).replace("\0", "").lines().toList();
    assertTrue(order.indexOf("virtio.ko") < order.indexOf("virtio_blk.ko"), order.toString());
    assertTrue(order.indexOf("jbd2.ko") < order.indexOf("ext4.ko"), order.toString());
    assertTrue(order.indexOf("scsi_mod.ko") < order.indexOf("sr_mod.ko"), order.toString());
    assertTrue(order.indexOf("cdrom.ko") < order.indexOf("isofs.ko"), order.toString());
    assertTrue(text.contains("init\0"), "initramfs has no /init");
  }

  @Test
  void shipsTheHostBzImageOrTheElfDecompressedFromIt() throws IOException {
    HostKernel host = HostKernel.newest(Path.of("/boot"), Path.of("/lib/modules"));
    Path out = dir.resolve("out");
    BuiltAppliance pvh = builder.build(Samples.helloRecipe(), out);
    assertEquals(KernelFormat.PVH.fileName(), pvh.descriptor().kernel().file());
    assertEquals(BzImage.payload(host.vmlinuz()).uncompressedSize(), Files.size(pvh.kernelFile()));
    assertEquals(Sha256.of(pvh.kernelFile()), pvh.descriptor().kernel().sha256());
    PvhElf.entryPoint(pvh.kernelFile());

    Path recipe = dir.resolve("bzimage/recipe.yaml");
    Files.createDirectories(recipe.getParent());
    Files.writeString(
        recipe,
        Files.readString(Samples.helloRecipe())
            .replace(
                "content: ../base/rootfs",
                "content: " + Samples.helloRecipe().getParent().resolve("../base/rootfs"))
            .replace("kernelFormat: pvh", "kernelFormat: bzimage"));
    BuiltAppliance bz = builder.build(recipe, out);
    assertEquals(KernelFormat.BZIMAGE.fileName(), bz.descriptor().kernel().file());
    assertEquals(Sha256.of(host.vmlinuz()), bz.descriptor().kernel().sha256());
    assertEquals(Files.size(host.vmlinuz()), bz.descriptor().kernel().size());
    assertTrue(Files.notExists(out.resolve("vmlinux")), "the previous build's vmlinux is left");
    assertEquals(pvh.descriptor().initrd(), bz.descriptor().initrd());
  }

  @Test
  void buildsEveryPartitionKindAndReadsTheDescriptorBack() throws Exception {
    Path recipeDir = Files.createDirectories(dir.resolve("recipe"));
    Files.createDirectories(recipeDir.resolve("data/docs"));
    Files.writeString(recipeDir.resolve("data/docs/readme.txt"), "shared\n");
    Path recipe = recipeDir.resolve("recipe.yaml");
    Files.writeString(
        recipe,
        Files.readString(Samples.helloRecipe())
            .replace(
                "content: ../base/rootfs",
                "content: " + Samples.helloRecipe().getParent().resolve("../base/rootfs"))
            .replace(
                "boot:",
                """
                  - {label: docs, role: data, kind: SHARED_READONLY, sizeMiB: 4, filesystem: ext4, content: data}
                  - {label: swap, role: swap, kind: COPY_ON_WRITE, sizeMiB: 1, filesystem: swap}
                  - {label: scratch, role: data, kind: COPY_ON_WRITE, sizeMiB: 2, filesystem: raw}
                  - {label: spare, role: data, kind: EMPTY, sizeMiB: 64, filesystem: raw}
                boot:"""));
    Path out = dir.resolve("out");
    BuiltAppliance built = builder.build(recipe, out);

    BuiltAppliance read = ApplianceBuilder.read(out);
    assertEquals(built.descriptor(), read.descriptor());
    List<PartitionImage> parts = read.descriptor().partitions();
    assertEquals(
        List.of("root", "docs", "swap", "scratch", "spare"),
        parts.stream().map(PartitionImage::label).toList());
    PartitionImage spare = parts.get(4);
    assertNull(spare.file());
    assertNull(spare.sha256());
    assertEquals(64L << 20, spare.sizeBytes());
    assertTrue(Files.notExists(out.resolve("spare.img")));
    assertEquals(2L << 20, Files.size(read.partitionFile("scratch")));

    ByteBuffer swapHeader =
        ByteBuffer.wrap(Files.readAllBytes(read.partitionFile("swap")), 4086, 10);
    assertEquals("SWAPSPACE2", StandardCharsets.US_ASCII.decode(swapHeader).toString());
    String blkid = run("blkid", "-o", "export", read.partitionFile("docs").toString());
    assertTrue(blkid.contains("LABEL=docs"), blkid);
    assertTrue(blkid.contains("UUID=" + ApplianceBuilder.partitionUuid("hello", "docs")), blkid);
    assertTrue(debugfs(read.partitionFile("docs"), "cat /docs/readme.txt").contains("shared"));
    assertTrue(
        Files.readString(out.resolve("appliance.json")).contains("\"filesystem\" : \"swap\""));
  }

  private static String debugfs(Path image, String request) throws Exception {
    return run("debugfs", "-R", request, image.toString());
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
