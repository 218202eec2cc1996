package dev.hangar.marketplace;

import static dev.hangar.builder.image.TestImages.patch;
import static dev.hangar.builder.image.TestImages.run;
import static dev.hangar.builder.image.TestImages.writeAt;
import static dev.hangar.builder.image.TestImages.zeros;
import static dev.hangar.marketplace.TestApi.as;
import static dev.hangar.marketplace.TestApi.digest;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.ContentStore;
import dev.hangar.store.Digest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-image import over REST: safe images become partitions with their GPT/MBR layout recorded;
 * every unsafe one (each built with qemu-img here) is a 422 naming the header field, with nothing
 * stored, no partition added and no scratch file left.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ImportTest {
  /** {@code %test.hangar.imports.work-dir}, relative to the module directory. */
  static final Path WORK_DIR = Path.of("target/imports");

  @TempDir Path dir;
  @Inject ContentStore store;

  private String token;
  private String id;

  @BeforeEach
  void draft() {
    String publisher = TestApi.unique("imp");
    token = TestApi.publisherToken(publisher);
    id =
        as(token)
            .contentType(ContentType.JSON)
            .body(Map.of("publisher", publisher, "name", "img", "summary", "imported"))
            .post("/api/v1/appliances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Map<String, Object> version =
        new HashMap<>(
            TestApi.versionBody("1.0.0", TestApi.bytes("k"), TestApi.bytes("i"), new byte[1]));
    version.put("partitions", List.of());
    as(token)
        .contentType(ContentType.JSON)
        .body(version)
        .post("/api/v1/appliances/" + id + "/versions")
        .then()
        .statusCode(201);
  }

  static ValidatableResponse importImage(
      String token, String id, Path image, String format, String... params) {
    var request =
        as(token).contentType(ContentType.BINARY).queryParam("format", format).body(image.toFile());
    for (int i = 0; i < params.length; i += 2) {
      request = request.queryParam(params[i], params[i + 1]);
    }
    return request.post("/api/v1/appliances/" + id + "/versions/1.0.0/import").then();
  }

  /** A 16 MiB GPT disk: partition 1 "root" (6 MiB ext4), partition 2 "swap" (4 MiB swap). */
  private Path gptDisk() throws Exception {
    Path disk = zeros(dir.resolve("disk.img"), 16L << 20);
    run(
        dir,
        "sgdisk",
        "-n",
        "1:2048:+6M",
        "-t",
        "1:8300",
        "-c",
        "1:root",
        "-n",
        "2:0:+4M",
        "-t",
        "2:8200",
        "-c",
        "2:swap",
        disk.toString());
    run(dir, "mke2fs", "-q", "-t", "ext4", "-F", dir.resolve("root.ext4").toString(), "6M");
    Path swap = zeros(dir.resolve("swap.img"), 4L << 20);
    run(dir, "mkswap", swap.toString());
    writeAt(disk, 2048L * 512, dir.resolve("root.ext4"));
    writeAt(disk, (2048L + 6 * 2048) * 512, swap);
    return disk;
  }

  private Path qcow2Of(Path raw) throws Exception {
    Path out = dir.resolve(raw.getFileName() + ".qcow2");
    run(
        dir,
        "qemu-img",
        "convert",
        "-q",
        "-f",
        "raw",
        "-O",
        "qcow2",
        raw.toString(),
        out.toString());
    return out;
  }

  @Test
  void importsQcow2AsOneWholeDiskPartitionWithItsGptLayoutRecorded() throws Exception {
    Path raw = gptDisk();
    JsonPath v =
        importImage(token, id, qcow2Of(raw), "qcow2")
            .statusCode(200)
            .body("partitions", hasSize(1))
            .extract()
            .jsonPath();
    assertEquals("disk", v.getString("partitions[0].label"));
    assertEquals("raw", v.getString("partitions[0].filesystem"));
    assertEquals(16L << 20, v.getLong("partitions[0].sizeBytes"));
    assertEquals(digest(Files.readAllBytes(raw)), v.getString("partitions[0].digest"));
    assertEquals("QCOW2", v.getString("layouts[0].disk.sourceFormat"));
    assertEquals("GPT", v.getString("layouts[0].disk.scheme"));
    assertEquals(List.of("EXT4", "SWAP"), v.getList("layouts[0].disk.table.filesystem"));
    assertEquals(List.of("root", "swap"), v.getList("layouts[0].disk.table.name"));
    assertEquals(6 << 20, v.getInt("layouts[0].disk.table[0].size"));
    assertScratchEmpty();

    // Stored through the content store: chunked, and readable back byte for byte.
    String stored = v.getString("partitions[0].digest");
    assertTrue(store.hasPartition(Digest.parse(stored)));
    try (var in = store.openPartition(Digest.parse(stored))) {
      assertTrue(java.util.Arrays.equals(Files.readAllBytes(raw), in.readAllBytes()));
    }
  }

  @Test
  void extractsGptPartitionsAsSeparatePartitionsForDirectKernelBoot() throws Exception {
    Path raw = gptDisk();
    JsonPath v =
        importImage(token, id, raw, "raw", "extractPartitions", "true", "label", "sys")
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(List.of("sys-p1", "sys-p2"), v.getList("partitions.label"));
    assertEquals(List.of("root", "swap"), v.getList("partitions.role"));
    assertEquals(List.of("ext4", "swap"), v.getList("partitions.filesystem"));
    assertEquals(
        digest(Files.readAllBytes(dir.resolve("root.ext4"))), v.getString("partitions[0].digest"));
    assertEquals(List.of(1, 2), v.getList("layouts.disk.extractedFrom"));
    assertEquals("GPT", v.getString("layouts[1].disk.scheme"));
    assertScratchEmpty();
    // A second import may not reuse the labels.
    importImage(token, id, raw, "raw", "extractPartitions", "true", "label", "sys")
        .statusCode(409)
        .body("errors.field", hasItem("label"));
  }

  @Test
  void importsOvaAndIsoAndRefusesExtractingFromADiskWithoutTable() throws Exception {
    dev.hangar.builder.image.TestImages.randomRaw(dir.resolve("d.raw"), 4 << 20, 9);
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
        "d.raw",
        "disk.vmdk");
    Files.writeString(
        dir.resolve("a.ovf"),
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"
                  xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1">
          <References><File ovf:id="file1" ovf:href="disk.vmdk"/></References>
          <DiskSection><Info>Virtual disks</Info>
            <Disk ovf:diskId="d1" ovf:fileRef="file1" ovf:capacity="4194304"/></DiskSection>
          <VirtualSystem ovf:id="vm"><Info>appliance</Info></VirtualSystem>
        </Envelope>
        """);
    run(dir, "tar", "-cf", "a.ova", "a.ovf", "disk.vmdk");
    importImage(token, id, dir.resolve("a.ova"), "ova", "label", "ova")
        .statusCode(200)
        .body("layouts[0].disk.sourceFormat", equalTo("OVA"))
        .body("partitions[0].sizeBytes", equalTo(4 << 20))
        .body("partitions[0].digest", equalTo(digest(Files.readAllBytes(dir.resolve("d.raw")))));

    Files.createDirectories(dir.resolve("tree"));
    Files.writeString(dir.resolve("tree/hello.txt"), "hello");
    run(dir, "xorriso", "-as", "mkisofs", "-quiet", "-V", "HANGAR", "-o", "x.iso", "tree");
    importImage(token, id, dir.resolve("x.iso"), "iso", "label", "cd", "kind", "SHARED_READONLY")
        .statusCode(200)
        .body("partitions.label", equalTo(List.of("ova", "cd")))
        .body("layouts[1].disk.sourceFormat", equalTo("ISO"));

    run(dir, "mke2fs", "-q", "-t", "ext4", "-F", dir.resolve("bare.ext4").toString(), "4M");
    importImage(token, id, dir.resolve("bare.ext4"), "raw", "extractPartitions", "true")
        .statusCode(400)
        .body("errors.field", hasItem("extractPartitions"));
    assertScratchEmpty();
  }

  /** Imports {@code image}, expects 422 naming {@code field}, and checks nothing was kept. */
  private void assertRefused(Path image, String format, String field, String fragment)
      throws IOException {
    importImage(token, id, image, format)
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(field))
        .body("detail", containsString(fragment));
    as(token)
        .get("/api/v1/appliances/" + id + "/versions/1.0.0")
        .then()
        .statusCode(200)
        .body("partitions", hasSize(0));
    assertFalse(store.hasPartition(Digest.of(Files.readAllBytes(image))), "upload not stored");
    assertScratchEmpty();
  }

  static void assertScratchEmpty() throws IOException {
    if (!Files.exists(WORK_DIR)) {
      return;
    }
    try (Stream<Path> left = Files.list(WORK_DIR)) {
      assertEquals(List.of(), left.toList(), "scratch files left behind");
    }
  }

  @Test
  void refusesQcow2WithBackingFile() throws Exception {
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
    assertRefused(dir.resolve("overlay.qcow2"), "qcow2", "qcow2.backing_file_offset", "base.qcow2");
  }

  @Test
  void refusesQcow2WithExternalDataFile() throws Exception {
    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "-o", "data_file=ext.raw", "d.qcow2", "1M");
    assertRefused(dir.resolve("d.qcow2"), "qcow2", "qcow2.header_extension.data_file", "ext.raw");
  }

  @Test
  void refusesQcow2WithUnknownIncompatibleFeatures() throws Exception {
    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "f.qcow2", "1M");
    Path img = dir.resolve("f.qcow2");
    patch(img, 79, new byte[] {(byte) (Files.readAllBytes(img)[79] | 0x20)});
    assertRefused(img, "qcow2", "qcow2.incompatible_features", "unknown feature bits 0x20");
  }

  @Test
  void refusesQed() throws Exception {
    run(dir, "qemu-img", "create", "-q", "-f", "qed", "x.qed", "2M");
    assertRefused(dir.resolve("x.qed"), "qed", "qed", "QED images are not accepted");
  }

  @Test
  void refusesVmdkThatIsNotMonolithicOrNamesOtherFiles() throws Exception {
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
    assertRefused(dir.resolve("flat.vmdk"), "vmdk", "vmdk.createType", "monolithicFlat");
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
    assertRefused(dir.resolve("split.vmdk"), "vmdk", "vmdk.createType", "twoGbMaxExtentSparse");
    Path evil = dir.resolve("evil.vmdk");
    run(dir, "qemu-img", "create", "-q", "-f", "vmdk", evil.toString(), "1M");
    String content = new String(Files.readAllBytes(evil), StandardCharsets.ISO_8859_1);
    patch(
        evil,
        content.indexOf("SPARSE \"evil.vmdk\""),
        "SPARSE \"/etc/passwd\"\n\n".getBytes(StandardCharsets.US_ASCII));
    assertRefused(evil, "vmdk", "vmdk.extent[1]", "/etc/passwd");
  }

  @Test
  void refusesInsaneGptAndMbrAlsoWhenFoundOnlyAfterConversion() throws Exception {
    Path gpt = gptDisk();
    patch(gpt, 512 + 56, new byte[] {(byte) (Files.readAllBytes(gpt)[512 + 56] ^ 0xff)});
    assertRefused(gpt, "raw", "gpt.header_crc32", "checksum does not match");
    // Inside a qcow2 the table is only visible in the converted disk: checked there too.
    assertRefused(qcow2Of(gpt), "qcow2", "gpt.header_crc32", "checksum does not match");

    Path mbr = zeros(dir.resolve("mbr.img"), 8L << 20);
    dev.hangar.builder.image.TestImages.runWithInput(
        dir, "label: dos\n2048,4096,83\n6144,4096,83\n", "sfdisk", "-q", mbr.toString());
    patch(mbr, 446 + 16 + 8, new byte[] {(byte) 0xa0, 0x0f, 0, 0}); // partition 2 starts at 4000
    assertRefused(mbr, "raw", "mbr.partition[2]", "overlaps partition 1");
  }

  @Test
  void refusesPolyglotsAndLyingClaims() throws Exception {
    Path poly = dir.resolve("poly.qcow2");
    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", poly.toString(), "1M");
    patch(poly, 0x8000, new byte[] {1, 'C', 'D', '0', '0', '1', 1});
    assertRefused(poly, "qcow2", "format", "more than one format");

    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "q.qcow2", "1M");
    assertRefused(dir.resolve("q.qcow2"), "raw", "format", "claimed RAW but the file is QCOW2");
  }

  @Test
  void refusesVirtualSizeAboveTheConfiguredLimit() throws Exception {
    // %test.hangar.imports.max-virtual-size is 1 GiB.
    run(dir, "qemu-img", "create", "-q", "-f", "qcow2", "big.qcow2", "2G");
    assertRefused(dir.resolve("big.qcow2"), "qcow2", "virtual_size", "2147483648 bytes");
  }

  @Test
  void badParametersAndOtherPublishersAreRefusedBeforeReading() throws Exception {
    Path img = zeros(dir.resolve("z.img"), 1 << 20);
    importImage(token, id, img, null).statusCode(400).body("errors.field", hasItem("format"));
    importImage(token, id, img, "floppy").statusCode(400).body("errors.field", hasItem("format"));
    importImage(token, id, img, "raw", "kind", "EMPTY")
        .statusCode(400)
        .body("errors.field", hasItem("kind"));
    importImage(token, id, img, "raw", "label", "../etc")
        .statusCode(400)
        .body("errors.field", hasItem("label"));
    String stranger = TestApi.publisherToken(TestApi.unique("stranger"));
    importImage(stranger, id, img, "raw").statusCode(403);
    importImage(null, id, img, "raw").statusCode(401);
    assertScratchEmpty();
  }
}
