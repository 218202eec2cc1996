package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the seed ISO with xorriso as an independent reader of what we wrote. */
class SeedIsoWriterTest {
  @TempDir Path dir;

  private final NoCloudSeed seed =
      new SeedGenerator().generate(new SeedRequest("i-42", "seeded", Map.of("A", "1"), List.of()));

  @Test
  void isoHasCidataLabelAndSeedFiles() throws Exception {
    Path iso = dir.resolve("seed.iso");
    Files.write(iso, new SeedIsoWriter().write(seed));

    String pvd = run("xorriso", "-indev", iso.toString(), "-pvd_info");
    assertTrue(pvd.contains("Volume Id    : CIDATA"), pvd);

    Path out = dir.resolve("out");
    run("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/", out.toString());
    assertEquals(seed.metaData(), Files.readString(out.resolve("meta-data")));
    assertEquals(seed.userData(), Files.readString(out.resolve("user-data")));
  }

  @Test
  void networkConfigIsPackedWhenPresent() throws Exception {
    NoCloudSeed withNetwork = new SeedGenerator().generate(SampleRequests.staticAddress());
    Path iso = dir.resolve("net.iso");
    Files.write(iso, new SeedIsoWriter().write(withNetwork));
    Path out = dir.resolve("net");
    run("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/", out.toString());
    assertEquals(
        withNetwork.networkConfig().orElseThrow(), Files.readString(out.resolve("network-config")));
  }

  @Test
  void longNamesArePresentInJolietAndRockRidgeTrees() throws Exception {
    NoCloudSeed withNetwork = new SeedGenerator().generate(SampleRequests.staticAddress());
    Path iso = dir.resolve("names.iso");
    Files.write(iso, new SeedIsoWriter().write(withNetwork));
    List<String> names = List.of("'/meta-data'", "'/network-config'", "'/user-data'");
    // Plain ISO 9660 names are 8.3 upper case, so the long names prove each extension is there.
    String plain = run("xorriso", "-read_fs", "ecma119", "-indev", iso.toString(), "-find", "/");
    assertTrue(plain.contains("'/META_DAT'"), plain);
    String joliet = run("xorriso", "-read_fs", "norock", "-indev", iso.toString(), "-find", "/");
    String rockRidge =
        run(
            "xorriso",
            "-read_fs",
            "nojoliet",
            "-indev",
            iso.toString(),
            "-find",
            "/",
            "-exec",
            "lsdl");
    for (String name : names) {
      assertTrue(joliet.contains(name), joliet);
      assertTrue(rockRidge.contains(name), rockRidge);
    }
    assertTrue(rockRidge.contains("-rw-r--r--"), rockRidge);
  }

  @Test
  void equalSeedsGiveEqualImages() {
    SeedIsoWriter writer = new SeedIsoWriter();
    assertArrayEquals(writer.write(seed), writer.write(seed));
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
    return output;
  }
}
