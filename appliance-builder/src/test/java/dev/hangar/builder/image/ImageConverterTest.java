package dev.hangar.builder.image;

import static dev.hangar.builder.image.TestImages.randomRaw;
import static dev.hangar.builder.image.TestImages.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageConverterTest {
  private static final int SIZE = 4 << 20;

  @TempDir Path dir;

  private final FormatInspector inspector = new FormatInspector(ImportLimits.defaults());
  private final ImageConverter converter = new ImageConverter(inspector);

  @Test
  void convertsQcow2BackToTheSameRawBytes() throws Exception {
    Path raw = randomRaw(dir.resolve("src.raw"), SIZE, 42);
    run(dir, "qemu-img", "convert", "-f", "raw", "-O", "qcow2", "src.raw", "src.qcow2");
    Path out = dir.resolve("out.raw");
    InspectionResult r = converter.convertToRaw(dir.resolve("src.qcow2"), ImageFormat.QCOW2, out);
    assertEquals(ImageFormat.QCOW2, r.format());
    assertArrayEquals(Files.readAllBytes(raw), Files.readAllBytes(out));
  }

  @Test
  void refusesToConvertUnsafeImageAndWritesNothing() throws Exception {
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
    Path out = dir.resolve("out.raw");
    UnsafeImageException e =
        assertThrows(
            UnsafeImageException.class,
            () -> converter.convertToRaw(dir.resolve("overlay.qcow2"), ImageFormat.QCOW2, out));
    assertTrue(e.problems().get(0).startsWith("qcow2.backing_file_offset"));
    assertFalse(Files.exists(out));
  }

  @Test
  void failsWhenQemuImgExceedsTheAddressSpaceLimit() throws Exception {
    randomRaw(dir.resolve("src.raw"), SIZE, 7);
    run(dir, "qemu-img", "convert", "-f", "raw", "-O", "qcow2", "src.raw", "src.qcow2");
    ImportLimits tiny = new ImportLimits(1L << 30, 1L << 20, 60, java.time.Duration.ofMinutes(1));
    ImageConverter starved = new ImageConverter(new FormatInspector(tiny));
    ImageImportException e =
        assertThrows(
            ImageImportException.class,
            () ->
                starved.convertToRaw(
                    dir.resolve("src.qcow2"), ImageFormat.QCOW2, dir.resolve("o.raw")));
    assertTrue(e.getMessage().startsWith("qemu-img info --output=json -f qcow2"), e.getMessage());
    assertTrue(e.getMessage().contains("failed (exit"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("o.raw")));
  }

  private Path ova(String ovfDisks) throws Exception {
    randomRaw(dir.resolve("disk.raw"), SIZE, 9);
    run(
        dir,
        "qemu-img",
        "convert",
        "-f",
        "raw",
        "-O",
        "vmdk",
        "-o",
        "subformat=streamOptimized",
        "disk.raw",
        "disk.vmdk");
    Files.writeString(
        dir.resolve("appliance.ovf"),
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"
                  xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1">
          <References><File ovf:id="file1" ovf:href="disk.vmdk"/></References>
          <DiskSection><Info>Virtual disks</Info>%s</DiskSection>
          <VirtualSystem ovf:id="vm"><Info>appliance</Info></VirtualSystem>
        </Envelope>
        """
            .formatted(ovfDisks));
    run(dir, "tar", "-cf", "appliance.ova", "appliance.ovf", "disk.vmdk");
    return dir.resolve("appliance.ova");
  }

  private static String disk(String id) {
    return "<Disk ovf:diskId=\"" + id + "\" ovf:fileRef=\"file1\" ovf:capacity=\"4194304\"/>";
  }

  @Test
  void convertsTheSingleDiskOfAnOva() throws Exception {
    Path ova = ova(disk("vmdisk1"));
    InspectionResult r = inspector.inspect(ova, ImageFormat.OVA);
    assertTrue(r.isSafe(), r.safetyProblems()::toString);
    assertEquals(SIZE, r.virtualSize());
    assertEquals("disk.vmdk", r.details().get("ova.disk"));
    assertEquals("VMDK", r.details().get("ova.disk.format"));
    assertEquals("streamOptimized", r.details().get("ova.disk.vmdk.createType"));
    Path out = dir.resolve("ova.raw");
    converter.convertToRaw(ova, ImageFormat.OVA, out);
    assertArrayEquals(Files.readAllBytes(dir.resolve("disk.raw")), Files.readAllBytes(out));
  }

  @Test
  void rejectsOvaWhoseOvfDeclaresTwoDisks() throws Exception {
    InspectionResult r = inspector.inspect(ova(disk("a") + disk("b")));
    assertEquals(ImageFormat.OVA, r.format());
    assertTrue(
        r.safetyProblems()
            .contains("ova.ovf.DiskSection: must declare exactly one disk, declares 2"));
  }

  @Test
  void rejectsOvaWhoseDiskBreaksTheImageRules() throws Exception {
    run(
        dir,
        "qemu-img",
        "create",
        "-q",
        "-f",
        "vmdk",
        "-o",
        "subformat=monolithicFlat",
        "disk.vmdk",
        "1M");
    Files.writeString(
        dir.resolve("x.ovf"),
        "<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\"><References>"
            + "<File id=\"f\" href=\"disk.vmdk\"/></References><DiskSection>"
            + "<Disk diskId=\"d\" fileRef=\"f\"/></DiskSection></Envelope>");
    run(dir, "tar", "-cf", "x.ova", "x.ovf", "disk.vmdk", "disk-flat.vmdk");
    InspectionResult r = inspector.inspect(dir.resolve("x.ova"));
    assertTrue(
        r.safetyProblems().stream()
            .anyMatch(p -> p.startsWith("ova.disk[disk.vmdk]: vmdk.createType")),
        r.safetyProblems()::toString);
  }
}
