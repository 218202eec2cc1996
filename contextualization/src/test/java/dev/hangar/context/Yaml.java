package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads generated YAML back the way cloud-init does: with PyYAML's safe loader (YAML 1.1). */
final class Yaml {
  private Yaml() {}

  static JsonNode readAsCloudInit(String yaml) {
    try {
      Process process =
          new ProcessBuilder(
                  List.of(
                      "python3",
                      "-c",
                      "import sys, yaml, json; json.dump(yaml.safe_load(sys.stdin), sys.stdout,"
                          + " default=lambda o: '<' + type(o).__name__ + '>')"))
              .start();
      try (var in = process.getOutputStream()) {
        in.write(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      String json = new String(process.getInputStream().readAllBytes());
      String err = new String(process.getErrorStream().readAllBytes());
      process.waitFor(60, TimeUnit.SECONDS);
      assertEquals(0, process.exitValue(), err);
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      return fail("python3 with PyYAML (a cloud-init dependency) is required", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted", e);
    }
  }
}
