package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserDataTest {
  @TempDir Path dir;

  private static final String FULL =
      """
      #cloud-config
      ssh_authorized_keys:
        - %s
      users:
        - default
        - name: alice
          sudo: ALL=(ALL) NOPASSWD:ALL
          shell: /bin/sh
          ssh_authorized_keys: [%s]
      write_files:
        - path: /etc/motd
          content: |
            hello from user-data
          permissions: '0640'
          owner: root:root
        - path: /etc/blob
          encoding: b64
          content: AAEC
      runcmd:
        - echo one > /run/one
        - [touch, /run/two]
      mounts:
        - [/dev/vdc, /data, ext4]
      fs_setup:
        - label: data
          filesystem: ext4
          device: /dev/vdc
          partition: none
      """
          .formatted(SampleRequests.KEY, SampleRequests.OTHER_KEY);

  @Test
  void everySupportedKeyIsAddedAfterTheComponentsAndPassesCloudInitSchema() {
    SeedRequest base =
        Components.standard().apply(SeedRequest.of("i-1", "web"), List.of("hostname"));
    SeedRequest request = UserData.apply(base, FULL);

    CloudConfig c = request.cloudConfig();
    assertEquals(List.of(SampleRequests.KEY), c.defaultUserKeys());
    assertEquals(
        List.of(new UserSpec("alice", true, "/bin/sh", List.of(SampleRequests.OTHER_KEY))),
        c.users());
    assertEquals(
        List.of("/etc/motd", "/etc/blob"), c.files().stream().map(FileSpec::path).toList());
    assertEquals("0640", c.files().get(0).permissions());
    assertEquals(FileSpec.Encoding.BASE64, c.files().get(1).encoding());
    assertEquals(
        List.of(
            RunCommand.of("sh", "-c", "echo one > /run/one"), RunCommand.of("touch", "/run/two")),
        c.runcmd());
    assertEquals(
        List.of(new MountSpec("/dev/vdc", "/data", "ext4", "defaults,nofail")), c.mounts());
    assertEquals(List.of(new FsSetupSpec("data", "ext4", "/dev/vdc")), c.fsSetup());
    assertEquals(base.cloudConfig().fqdn(), c.fqdn(), "the hostname component's part is kept");

    String userData = new SeedGenerator().generate(request).userData();
    CloudInit.assertValidUserData(userData, dir);
    JsonNode doc = Yaml.readAsCloudInit(userData);
    JsonNode motd = null;
    for (JsonNode file : doc.get("write_files")) {
      if (file.get("path").asText().equals("/etc/motd")) {
        motd = file;
      }
    }
    assertEquals("hello from user-data\n", motd.get("content").asText(), userData);
  }

  @Test
  void aScriptIsWrittenAndRunOnceAfterTheComponentsCommands() {
    String script = "#!/bin/sh\necho scripted > /run/scripted\n";
    SeedRequest request = UserData.apply(SeedRequest.of("i-1", "web"), script);

    FileSpec file = request.cloudConfig().files().get(0);
    assertEquals(UserData.SCRIPT_PATH, file.path());
    assertEquals(script, file.content());
    assertEquals("0700", file.permissions());
    assertEquals(List.of(RunCommand.of(UserData.SCRIPT_PATH)), request.cloudConfig().runcmd());
    CloudInit.assertValidUserData(new SeedGenerator().generate(request).userData(), dir);
  }

  @Test
  void nothingOrOnlyTheHeaderChangesNothing() {
    SeedRequest base = SeedRequest.of("i-1", "web");
    assertSame(base, UserData.apply(base, null));
    assertSame(base, UserData.apply(base, "  \n"));
    assertEquals(base.cloudConfig(), UserData.apply(base, "#cloud-config\n").cloudConfig());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no header                    | 'runcmd: [ls]'                                              | userData",
        "not YAML                     | '#cloud-config\nruncmd: [ls'                                | userData",
        "not a mapping                | '#cloud-config\n- ls'                                       | userData",
        "hostname is the deployment's | '#cloud-config\nhostname: x'                                | userData.hostname",
        "phone_home is the deployer's | '#cloud-config\nphone_home: {url: http://x}'                | userData.phone_home",
        "unsupported key              | '#cloud-config\npackages: [nginx]'                          | userData.packages",
        "duplicate key                | '#cloud-config\nruncmd: [ls]\nruncmd: [ls]'                  | userData",
        "runcmd not a list            | '#cloud-config\nruncmd: ls'                                 | userData.runcmd",
        "unquoted octal permissions   | '#cloud-config\nwrite_files: [{path: /a, permissions: 0644}]' | userData.write_files[0].permissions",
        "relative path                | '#cloud-config\nwrite_files: [{path: a}]'                   | userData.write_files[0].path",
        "bad owner                    | '#cloud-config\nwrite_files: [{path: /a, owner: \"Bad Owner\"}]' | userData.write_files[0].owner",
        "gzip encoding                | '#cloud-config\nwrite_files: [{path: /a, encoding: gz}]'    | userData.write_files[0].encoding",
        "unknown file key             | '#cloud-config\nwrite_files: [{path: /a, source: x}]'       | userData.write_files[0].source",
        "bad key                      | '#cloud-config\nssh_authorized_keys: [nope]'                | userData.ssh_authorized_keys[0]",
        "user named root              | '#cloud-config\nusers: [{name: root}]'                      | userData.users[0].name",
        "user with sudo rule          | '#cloud-config\nusers: [{name: bob, sudo: \"ALL=(ALL) ALL\"}]' | userData.users[0].sudo",
        "user with a password         | '#cloud-config\nusers: [{name: bob, lock_passwd: false}]'   | userData.users[0].lock_passwd",
        "command read as a mapping    | '#cloud-config\nruncmd:\n  - echo a: b'                   | userData.runcmd[0]",
        "empty command                | '#cloud-config\nruncmd: [[]]'                               | userData.runcmd[0]",
        "short mount                  | '#cloud-config\nmounts: [[/dev/vdc]]'                       | userData.mounts[0]",
        "fs_setup overwrite           | '#cloud-config\nfs_setup: [{label: d, filesystem: ext4, device: /dev/vdc, overwrite: true}]' | userData.fs_setup[0].overwrite",
      })
  void badUserDataNamesTheField(String name, String text, String field) {
    InvalidSeedException e =
        assertThrows(
            InvalidSeedException.class,
            () -> UserData.apply(SeedRequest.of("i-1", "web"), text.replace("\\n", "\n")));
    assertEquals(field, e.field(), e.getMessage());
  }

  @Test
  void aFileAComponentAlreadyWritesIsAClashNamingUserData() {
    SeedRequest base =
        Components.standard()
            .apply(
                SeedRequest.of("i-1", "web").withParameter("BLANKSPACES", "/dev/vdc:/data:ext4"),
                List.of("mount-blankspace"));
    InvalidSeedException e =
        assertThrows(
            InvalidSeedException.class,
            () -> UserData.apply(base, "#cloud-config\nmounts:\n  - [/dev/vdd, /data, ext4]\n"));
    assertTrue(e.field().startsWith("userData.mounts"), e.field());
    assertTrue(e.getMessage().contains("components"), e.getMessage());
  }

  @Test
  void moreThanTheLimitIsRefused() {
    String big = "#!/bin/sh\n" + "#".repeat(UserData.MAX_BYTES);
    InvalidSeedException e =
        assertThrows(
            InvalidSeedException.class, () -> UserData.apply(SeedRequest.of("i-1", "w"), big));
    assertEquals("userData", e.field());
    assertTrue(e.getMessage().contains("65535"), e.getMessage());
  }

  @Test
  void parametersAreNotTouched() {
    SeedRequest base = SeedRequest.of("i-1", "web").withParameter("A", "1");
    assertEquals(Map.of("A", "1"), UserData.apply(base, FULL).parameters());
  }
}
