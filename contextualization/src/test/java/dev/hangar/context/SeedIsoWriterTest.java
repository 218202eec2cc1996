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
