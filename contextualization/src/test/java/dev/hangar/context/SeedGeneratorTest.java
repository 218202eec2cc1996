package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedGeneratorTest {
  private final SeedGenerator generator = new SeedGenerator();

  @Test
  void metaDataCarriesInstanceIdAndHostname() {
    NoCloudSeed seed = generator.generate(new SeedRequest("i-0abc", "web-1", Map.of(), List.of()));
    assertEquals("instance-id: i-0abc\nlocal-hostname: web-1\n", seed.metaData());
  }

  @Test
  void userDataIsCloudConfigWithParametersFile() {
    NoCloudSeed seed =
        generator.generate(
            new SeedRequest(
                "i-1", "h", Map.of("GREETING", "hi: there # not a comment"), List.of()));
    assertTrue(seed.userData().startsWith("#cloud-config\n"), seed.userData());
    assertTrue(seed.userData().contains("hostname: h\n"), seed.userData());
    assertTrue(seed.userData().contains("path: /etc/hangar/parameters"), seed.userData());
    // The value holds YAML syntax; the serializer must quote it so it stays one value.
    assertTrue(seed.userData().contains("GREETING=hi: there # not a comment"), seed.userData());
  }

  @Test
  void rejectsHostnameWithUnderscoreNamingTheField() {
    InvalidSeedException e =
        assertThrows(
            InvalidSeedException.class,
            () -> new SeedRequest("i-1", "bad_host", Map.of(), List.of()));
    assertEquals("hostname", e.field());
  }

  @Test
  void rejectsMultiLineParameterValue() {
    InvalidSeedException e =
        assertThrows(
            InvalidSeedException.class,
            () -> new SeedRequest("i-1", "h", Map.of("X", "a\nb"), List.of()));
    assertEquals("parameters.X", e.field());
  }

  @Test
  void rejectsSomethingThatIsNotAnSshKey() {
    InvalidSeedException e =
        assertThrows(
            InvalidSeedException.class,
            () -> new SeedRequest("i-1", "h", Map.of(), List.of("rm -rf /")));
    assertEquals("sshAuthorizedKeys[0]", e.field());
  }
}
