package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each spec rejects values cloud-init would misread, naming the field at fault. */
class SpecValidationTest {
  private static void rejects(String field, Executable construction) {
    assertEquals(field, assertThrows(InvalidSeedException.class, construction).field());
  }

  @Test
  void filePathMustBeAbsolute() {
    rejects("write_files.path", () -> FileSpec.text("etc/passwd", ""));
  }

  @Test
  void filePathMustNotClimbOrHoldNul() {
    rejects("write_files.path", () -> FileSpec.text("/etc/../shadow", ""));
    rejects("write_files.path", () -> FileSpec.text("/etc/a\0b", ""));
  }

  @Test
  void fileContentMustNotHoldNul() {
    rejects("write_files[/x].content", () -> FileSpec.text("/x", "a\0b"));
  }

  @Test
  void filePermissionsMustBeOctal() {
    rejects("write_files[/x].permissions", () -> FileSpec.text("/x", "").withPermissions("0698"));
    rejects(
        "write_files[/x].permissions", () -> FileSpec.text("/x", "").withPermissions("rw-r--r--"));
  }

  @Test
  void fileOwnerMustBeUserOrUserGroup() {
    rejects("write_files[/x].owner", () -> FileSpec.text("/x", "").withOwner("root; rm"));
  }

  @Test
  void base64ContentMustDecode() {
    rejects(
        "write_files[/x].content",
        () ->
            new FileSpec(
                "/x", "not base64!", FileSpec.Encoding.BASE64, "0644", "root", false, false));
  }

  @Test
  void userNameShellAndKeysAreChecked() {
    rejects("users.name", () -> UserSpec.of("Bad Name", false, List.of()));
    rejects("users.name", () -> UserSpec.of("root", false, List.of()));
    rejects("users.ops.shell", () -> new UserSpec("ops", false, "bash", List.of()));
    rejects("users.ops.sshAuthorizedKeys[0]", () -> UserSpec.of("ops", false, List.of("x")));
  }

  @Test
  void runCommandNeedsAProgram() {
    rejects("runcmd", () -> new RunCommand(List.of()));
    rejects("runcmd[1]", () -> RunCommand.of("echo", "a\0"));
  }

  @Test
  void localMountDeviceMustBeUnderDev() {
    rejects("mounts[/data].device", () -> new MountSpec("/tmp/disk", "/data", "ext4", "defaults"));
    rejects("mounts[/data].device", () -> new MountSpec("vdb", "/data", "ext4", "defaults"));
  }

  @Test
  void nfsMountDeviceMustBeHostAndAbsolutePath() {
    rejects("mounts[/mnt].device", () -> new MountSpec("server:export", "/mnt", "nfs", "defaults"));
    rejects("mounts[/mnt].device", () -> new MountSpec("/dev/vdb", "/mnt", "nfs", "defaults"));
  }

  @Test
  void mountPointAndOptionsAreChecked() {
    rejects("mounts.mountPoint", () -> new MountSpec("/dev/vdb", "data", "ext4", "defaults"));
    rejects("mounts.mountPoint", () -> new MountSpec("/dev/vdb", "/", "ext4", "defaults"));
    rejects("mounts[/d].options", () -> new MountSpec("/dev/vdb", "/d", "ext4", "a b"));
  }

  @Test
  void fsSetupChecksDeviceFilesystemAndLabelLength() {
    rejects("fs_setup.device", () -> new FsSetupSpec("l", "ext4", "/srv/vdb"));
    rejects("fs_setup[/dev/vdb].filesystem", () -> new FsSetupSpec("l", "ntfs", "/dev/vdb"));
    rejects("fs_setup[/dev/vdb].label", () -> new FsSetupSpec("has space", "ext4", "/dev/vdb"));
    rejects("fs_setup[/dev/vdb].label", () -> new FsSetupSpec("thirteen-char", "xfs", "/dev/vdb"));
  }

  @Test
  void readyCallbackNeedsHttpUrlAndSaneTries() {
    Secret token = new Secret("t");
    rejects("phone_home.url", () -> new ReadyCallback("ftp://h/x", token, 3));
    rejects("phone_home.url", () -> new ReadyCallback("https://h/x#frag", token, 3));
    rejects("phone_home.tries", () -> new ReadyCallback("https://h/x", token, 0));
  }

  @Test
  void cloudConfigRejectsClashes() {
    rejects(
        "mounts",
        () ->
            CloudConfig.builder()
                .addMount(new MountSpec("/dev/vdb", "/data", "ext4", "defaults"))
                .addMount(new MountSpec("/dev/vdc", "/data", "ext4", "defaults"))
                .build());
    rejects(
        "write_files",
        () ->
            CloudConfig.builder()
                .addFile(FileSpec.text("/a", "1"))
                .addFile(FileSpec.text("/a", "2"))
                .build());
    rejects("fqdn", () -> CloudConfig.builder().fqdn("a.example").fqdn("b.example"));
  }

  @Test
  void appendedFilesMayShareAPath() {
    CloudConfig config =
        CloudConfig.builder()
            .addFile(FileSpec.text("/etc/hosts", "a\n").appending())
            .addFile(FileSpec.text("/etc/hosts", "b\n").appending())
            .build();
    assertEquals(2, config.files().size());
  }

  @Test
  void fqdnMustStartWithTheHostname() {
    rejects(
        "fqdn",
        () ->
            SampleRequests.minimal()
                .withCloudConfig(CloudConfig.builder().fqdn("other.example.org").build()));
  }

  @Test
  void secretParameterMustNameAParameter() {
    rejects(
        "secretParameters.NOPE",
        () ->
            new SeedRequest(
                "i-1",
                "h",
                java.util.Map.of(),
                List.of(),
                java.util.Set.of("NOPE"),
                CloudConfig.empty(),
                Optional.empty()));
  }

  @Test
  void staticAddressMustBeAHostWithGatewayInItsSubnet() {
    rejects(
        "network.address",
        () ->
            new StaticAddressing(
                Ipv4Cidr.parse("10.0.0.0/24"), Optional.empty(), List.of(), List.of()));
    rejects(
        "network.gateway",
        () ->
            new StaticAddressing(
                Ipv4Cidr.parse("10.0.0.5/24"),
                Optional.of(Ipv4Address.parse("10.0.1.1")),
                List.of(),
                List.of()));
  }

  @Test
  void nicNeedsAnInterfaceNameAndAWellFormedMac() {
    rejects("network.nic.macAddress", () -> NicMatch.byMac("52:54:00:12:34"));
    rejects("network.nic.name", () -> NicMatch.byName("eth 0"));
  }
}
