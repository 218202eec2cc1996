package dev.hangar.builder.image;

import static dev.hangar.builder.image.TestImages.patch;
import static dev.hangar.builder.image.TestImages.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatInspectorTest {
  @TempDir Path dir;

  private final FormatInspector inspector = new FormatInspector(ImportLimits.defaults());

  private static void assertProblem(InspectionResult r, String fragment) {
    assertTrue(
        r.safetyProblems().stream().anyMatch(p -> p.contains(fragment)),
        () -> "expected a problem containing '" + fragment + "' in " + r.safetyProblems());
  }

  @Test
  void acceptsPlainQcow2WithItsHeaderVirtualSize() throws Exception {
    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "plain.qcow2", "3M");
    InspectionResult r = inspector.inspect(dir.resolve("plain.qcow2"), ImageFormat.QCOW2);
    assertEquals(ImageFormat.QCOW2, r.format());
    assertEquals(3L << 20, r.virtualSize());
    assertEquals(List.of(), r.safetyProblems());
    assertEquals(DiskImageDetector.QCOW2.toString(), r.details().get("tika.media_type"));
  }

  @Test
  void rejectsQcow2WithBackingFile() throws Exception {
    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "base.qcow2", "1M");
    run(
        dir,
        "qemu-img",
        "create",
        "-q",
        "-f",
        "qcow2",
        "-b",
        "base.qcow2",
        "-F",
        "qcow2",
        "overlay.qcow2");
    InspectionResult r = inspector.inspect(dir.resolve("overlay.qcow2"));
    assertProblem(r, "qcow2.backing_file_offset: image has a backing file 'base.qcow2'");
    UnsafeImageException e =
        assertThrows(
            UnsafeImageException.class,
            () -> inspector.requireSafe(dir.resolve("overlay.qcow2"), ImageFormat.QCOW2));
    assertEquals(ImageFormat.QCOW2, e.format());
    assertTrue(e.problems().get(0).startsWith("qcow2.backing_file_offset"));
  }

  @Test
  void rejectsQcow2WithExternalDataFile() throws Exception {
    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "-o", "data_file=ext.raw", "d.qcow2", "1M");
    InspectionResult r = inspector.inspect(dir.resolve("d.qcow2"));
    assertProblem(r, "external data file (bit 2)");
    assertProblem(r, "qcow2.header_extension.data_file: names external data file 'ext.raw'");
  }

  @Test
  void rejectsQcow2WithUnknownIncompatibleFeatureBit() throws Exception {
    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "f.qcow2", "1M");
    Path img = dir.resolve("f.qcow2");
    byte[] header = Files.readAllBytes(img);
    patch(img, 79, new byte[] {(byte) (header[79] | 0x20)});
    assertProblem(inspector.inspect(img), "qcow2.incompatible_features: unknown feature bits 0x20");
  }

  @Test
  void rejectsEncryptedQcow2() throws Exception {
    Path img = dir.resolve("enc.qcow2");
    try {
      run(
          dir,
          "qemu-img",
          "create",
          "-q",
          "-f",
          "qcow2",
          "--object",
          "secret,id=sec0,data=pw",
          "-o",
          "encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=10",
          "enc.qcow2",
          "1M");
    } catch (IllegalStateException e) {
      // qemu-img sizes the LUKS key slot by timing PBKDF2 with getrusage(RUSAGE_THREAD); where
      // that clock is coarse (some sandboxes report 0 ms every time) it always gives up with
      // "Unable to get accurate CPU usage". Then the image is a plain qcow2 whose crypt_method
      // header field (offset 32, big-endian) says LUKS, which is the field the probe reads.
      if (!e.getMessage().contains("Unable to get accurate CPU usage")) {
        throw e;
      }
      run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "enc.qcow2", "1M");
      patch(img, 32, new byte[] {0, 0, 0, 2});
    }
    assertProblem(inspector.inspect(img), "qcow2.crypt_method: image is encrypted (LUKS)");
  }

  @Test
  void rejectsQedOutright() throws Exception {
    run(dir, "qemu-img", "create", "-q", "-f", "qed", "x.qed", "2M");
    InspectionResult r = inspector.inspect(dir.resolve("x.qed"));
    assertEquals(ImageFormat.QED, r.format());
    assertEquals(2L << 20, r.virtualSize());
    assertProblem(r, "qed: QED images are not accepted");
  }

  @Test
  void acceptsMonolithicSparseAndStreamOptimizedVmdk() throws Exception {
    for (String sub : List.of("monolithicSparse", "streamOptimized")) {
      Path img = dir.resolve(sub + ".vmdk");
      run(
          dir,
          "qemu-img",
          "create",
          "-q",
          "-f",
          "vmdk",
          "-o",
          "subformat=" + sub,
          img.toString(),
          "5M");
      InspectionResult r = inspector.inspect(img, ImageFormat.VMDK);
      assertEquals(List.of(), r.safetyProblems(), sub);
      assertEquals(5L << 20, r.virtualSize());
      assertEquals(sub, r.details().get("vmdk.createType"));
    }
  }

  @Test
  void rejectsMonolithicFlatVmdkWhoseExtentIsAnotherFile() throws Exception {
    run(
        dir,
        "qemu-img",
        "create",
        "-q",
        "-f",
        "vmdk",
        "-o",
        "subformat=monolithicFlat",
        "flat.vmdk",
        "1M");
    InspectionResult r = inspector.inspect(dir.resolve("flat.vmdk"));
    assertEquals(ImageFormat.VMDK, r.format());
    assertProblem(r, "vmdk.createType: 'monolithicFlat' is not allowed");
    assertProblem(r, "vmdk.extent[1]: FLAT extent in 'flat-flat.vmdk'");
  }

  @Test
  void rejectsTwoGbMaxExtentSparseVmdk() throws Exception {
    run(
        dir,
        "qemu-img",
        "create",
        "-q",
        "-f",
        "vmdk",
        "-o",
        "subformat=twoGbMaxExtentSparse",
        "split.vmdk",
        "1M");
    InspectionResult r = inspector.inspect(dir.resolve("split.vmdk"));
    assertProblem(r, "vmdk.createType: 'twoGbMaxExtentSparse' is not allowed");
    assertProblem(r, "split-s001.vmdk");
  }

  @Test
  void rejectsSparseVmdkWhoseDescriptorExtentNamesAnotherPath() throws Exception {
    Path img = dir.resolve("evil.vmdk");
    run(dir, "qemu-img", "create", "-q", "-f", "vmdk", img.toString(), "1M");
    String content = new String(Files.readAllBytes(img), StandardCharsets.ISO_8859_1);
    int at = content.indexOf("SPARSE \"evil.vmdk\"");
    patch(img, at, "SPARSE \"/etc/passwd\"\n\n".getBytes(StandardCharsets.US_ASCII));
    assertProblem(
        inspector.inspect(img), "vmdk.extent[1]: extent names another file '/etc/passwd'");
  }

  @Test
  void rejectsQcow2ThatAlsoCarriesAnIsoSignature() throws Exception {
    Path img = dir.resolve("poly.qcow2");
    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", img.toString(), "1M");
    patch(img, 0x8000, new byte[] {1, 'C', 'D', '0', '0', '1', 1});
    InspectionResult r = inspector.inspect(img, ImageFormat.QCOW2);
    assertProblem(r, "format: file parses as more than one format (QCOW2,ISO)");
  }

  @Test
  void rejectsClaimedFormatThatDiffersFromDetected() throws Exception {
    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "q.qcow2", "1M");
    InspectionResult r = inspector.inspect(dir.resolve("q.qcow2"), ImageFormat.RAW);
    assertEquals(ImageFormat.QCOW2, r.format());
    assertEquals(List.of("format: claimed RAW but the file is QCOW2"), r.safetyProblems());
  }

  @Test
  void rejectsVirtualSizeAboveTheLimit() throws Exception {
    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "big.qcow2", "2G");
    FormatInspector strict =
        new FormatInspector(ImportLimits.defaults().withMaxVirtualSize(1L << 30));
    assertProblem(strict.inspect(dir.resolve("big.qcow2")), "virtual_size: 2147483648 bytes");
    assertTrue(inspector.inspect(dir.resolve("big.qcow2")).isSafe());
  }

  @Test
  void detectsRawExt4WithoutPartitionTable() throws Exception {
    Path img = dir.resolve("root.img");
    run(dir, "mke2fs", "-q", "-t", "ext4", "-F", img.toString(), "8M");
    InspectionResult r = inspector.inspect(img, ImageFormat.RAW);
    assertEquals(ImageFormat.RAW, r.format());
    assertEquals(Files.size(img), r.virtualSize());
    assertEquals("EXT4", r.details().get("filesystem"));
    assertTrue(r.isSafe(), r.safetyProblems()::toString);
  }

  @Test
  void acceptsIsoMadeByXorriso() throws Exception {
    Files.createDirectories(dir.resolve("tree"));
    Files.writeString(dir.resolve("tree/hello.txt"), "hello");
    run(dir, "xorriso", "-as", "mkisofs", "-quiet", "-V", "HANGAR", "-o", "x.iso", "tree");
    InspectionResult r = inspector.inspect(dir.resolve("x.iso"), ImageFormat.ISO);
    assertEquals(ImageFormat.ISO, r.format());
    assertEquals("HANGAR", r.details().get("iso.volume_id"));
    assertTrue(r.isSafe(), r.safetyProblems()::toString);
  }

  @Test
  void detectsVhdAndVhdxWithTheVirtualSizeQemuReports() throws Exception {
    ImageConverter converter = new ImageConverter(inspector);
    record Case(String file, String driver, String options, ImageFormat format) {}
    for (Case c :
        List.of(
            new Case("d.vhd", "vpc", "subformat=dynamic", ImageFormat.VHD),
            new Case("f.vhd", "vpc", "subformat=fixed", ImageFormat.VHD),
            new Case("x.vhdx", "vhdx", "subformat=dynamic", ImageFormat.VHDX))) {
      run(dir, "qemu-img", "create", "-q", "-f", c.driver(), "-o", c.options(), c.file(), "8M");
      Path img = dir.resolve(c.file());
      InspectionResult r = inspector.inspect(img, c.format());
      assertTrue(r.isSafe(), c.file() + ": " + r.safetyProblems());
      assertEquals(converter.qemuVirtualSize(img, c.format()), r.virtualSize(), c.file());
    }
  }

  @Test
  void tikaFirstPassRecognisesTheDiskFormatsItsRegistryLacks() throws Exception {
    run(dir, "qemu-img", "create", "-q", "-f", "vhdx", "x.vhdx", "1M");
    run(dir, "qemu-img", "create", "-q", "-f", "vpc", "-o", "subformat=fixed", "f.vhd", "1M");
    var tika = DiskImageDetector.newTika();
    assertEquals("application/x-vhdx", tika.detect(dir.resolve("x.vhdx")));
    assertEquals("application/x-vhd", tika.detect(dir.resolve("f.vhd")));
    assertEquals(ImageFormat.VHDX, DiskImageDetector.formatOf(tika.detect(dir.resolve("x.vhdx"))));
  }

  @Test
  void rejectsVhdWithHeaderCopyButNoFooter() throws IOException {
    Path img = TestImages.zeros(dir.resolve("fake.vhd"), 4096);
    patch(img, 0, "conectix".getBytes(StandardCharsets.US_ASCII));
    InspectionResult r = inspector.inspect(img);
    assertEquals(ImageFormat.VHD, r.format());
    assertProblem(r, "vhd.footer: header copy at offset 0 but no footer");
  }
}
