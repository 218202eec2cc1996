package dev.hangar.builder;

import dev.hangar.context.SeedGenerator;
import dev.hangar.context.SeedIsoWriter;
import dev.hangar.context.SeedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** NoCloud seed ISOs for boot tests, made by the real SeedGenerator and SeedIsoWriter. */
final class Seeds {
  private Seeds() {}

  /** Writes the CIDATA ISO of {@code request} to {@code dir/<name>-seed.iso}. */
  static Path iso(Path dir, String name, SeedRequest request) throws IOException {
    Path iso = dir.resolve(name + "-seed.iso");
    Files.write(iso, new SeedIsoWriter().write(new SeedGenerator().generate(request)));
    return iso;
  }
}
