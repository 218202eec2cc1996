package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated documents, read back as cloud-init reads them, carry what the request says. */
class SeedDocumentsTest {
  private final SeedGenerator generator = new SeedGenerator();

  private JsonNode userData(SeedRequest request) {
    return Yaml.readAsCloudInit(generator.generate(request).userData());
  }

  @Test
  void usersKeepTheDefaultUserFirstAndCarryKeysSudoAndShell() {
    JsonNode config = userData(SampleRequests.usersAndKeys());
    assertEquals("web-1", config.get("hostname").asText());
    assertEquals("web-1.example.org", config.get("fqdn").asText());
    assertFalse(config.get("ssh_pwauth").asBoolean());
    assertEquals(SampleRequests.OTHER_KEY, config.get("ssh_authorized_keys").get(0).asText());
    JsonNode users = config.get("users");
    assertEquals("default", users.get(0).asText());
    assertEquals("ops", users.get(1).get("name").asText());
    assertEquals("ALL=(ALL) NOPASSWD:ALL", users.get(1).get("sudo").asText());
    assertEquals("/bin/bash", users.get(1).get("shell").asText());
    assertEquals(SampleRequests.KEY, users.get(1).get("ssh_authorized_keys").get(0).asText());
    assertFalse(users.get(2).has("sudo"));
    assertEquals("/bin/sh", users.get(2).get("shell").asText());
  }

  @Test
  void binaryFilesTravelAsBase64AndTextFilesVerbatim() {
    JsonNode files = userData(SampleRequests.filesAndCommands()).get("write_files");
    assertEquals(SeedGenerator.PARAMETERS_PATH, files.get(0).get("path").asText());
    assertEquals("MODE=prod\n", files.get(0).get("content").asText());
    assertEquals("0600", files.get(0).get("permissions").asText());
    assertEquals("port: 8080\nname: \"x\"\n", files.get(1).get("content").asText());
    JsonNode blob = files.get(2);
    assertEquals("b64", blob.get("encoding").asText());
    assertEquals(
        List.of(0, 1, 2, 255),
        toUnsigned(Base64.getDecoder().decode(blob.get("content").asText())));
    assertEquals("0755", blob.get("permissions").asText());
    assertEquals("app:app", blob.get("owner").asText());
    assertTrue(blob.get("defer").asBoolean());
  }

  @Test
  void runcmdIsArgumentVectorsInOrder() {
    JsonNode runcmd = userData(SampleRequests.filesAndCommands()).get("runcmd");
    assertEquals("restart", runcmd.get(0).get(1).asText());
    assertEquals("echo done > /run/app.done", runcmd.get(1).get(2).asText());
  }

  @Test
  void blankspaceGetsFileSystemOnRawDeviceAndMount() {
    JsonNode config = userData(SampleRequests.blankspace());
    JsonNode fs = config.get("fs_setup").get(1);
    assertEquals("bs-vdc", fs.get("label").asText());
    assertEquals("xfs", fs.get("filesystem").asText());
    assertEquals("/dev/vdc", fs.get("device").asText());
    assertEquals("none", fs.get("partition").asText());
    assertFalse(fs.get("overwrite").asBoolean());
    assertEquals(
        "[\"/dev/vdb\",\"/data\",\"ext4\",\"defaults,nofail\",\"0\",\"2\"]",
        config.get("mounts").get(0).toString());
  }

  @Test
  void phoneHomePostsIdentityToUrlWithToken() {
    JsonNode phoneHome = userData(SampleRequests.phoneHome()).get("phone_home");
    assertEquals(
        "https://hangar.example/ready/i-ph?token=" + SampleRequests.TOKEN,
        phoneHome.get("url").asText());
    assertEquals("[\"instance_id\",\"hostname\"]", phoneHome.get("post").toString());
    assertEquals(5, phoneHome.get("tries").asInt());
  }

  @Test
  void valuesYaml11WouldRetypeStayStrings() {
    List<String> tricky =
        List.of(
            "52:54:00:00:00:07", "2024-01-01", "1_000", "0644", "yes", "off", "~", "0x1f", "1e3");
    SeedRequest request =
        SampleRequests.minimal()
            .withCloudConfig(CloudConfig.builder().addRunCommand(new RunCommand(tricky)).build());
    JsonNode argv = userData(request).get("runcmd").get(0);
    for (int i = 0; i < tricky.size(); i++) {
      assertTrue(argv.get(i).isTextual(), tricky.get(i) + " became " + argv.get(i));
      assertEquals(tricky.get(i), argv.get(i).asText());
    }
  }

  @Test
  void networkConfigIsVersion2MatchingTheNicByMac() {
    JsonNode network =
        Yaml.readAsCloudInit(
            generator.generate(SampleRequests.staticAddress()).networkConfig().orElseThrow());
    assertEquals(2, network.get("version").asInt());
    JsonNode eth = network.get("ethernets").get("eth0");
    assertEquals("52:54:00:00:00:07", eth.get("match").get("macaddress").asText());
    assertEquals("eth0", eth.get("set-name").asText());
    assertEquals("10.20.0.7/24", eth.get("addresses").get(0).asText());
    assertEquals("10.20.0.1", eth.get("routes").get(0).get("via").asText());
  }

  @Test
  void noNetworkConfigUnlessRequested() {
    assertTrue(generator.generate(SampleRequests.minimal()).networkConfig().isEmpty());
  }

  @Test
  void equalRequestsGiveEqualSeeds() {
    assertEquals(
        generator.generate(SampleRequests.phoneHome()),
        generator.generate(SampleRequests.phoneHome()));
    SeedRequest a = new SeedRequest("i-1", "h", Map.of("B", "2", "A", "1", "C", "3"), List.of());
    assertEquals(generator.generate(a), generator.generate(a.withParameter("A", "1")));
  }

  private static List<Integer> toUnsigned(byte[] bytes) {
    return java.util.stream.IntStream.range(0, bytes.length)
        .mapToObj(i -> bytes[i] & 0xff)
        .toList();
  }
}
